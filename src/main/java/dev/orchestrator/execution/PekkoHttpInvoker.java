package dev.orchestrator.execution;

import dev.orchestrator.config.InvokerSettings;
import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ResponseMeta;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.ConnectHttp;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.OutgoingConnection;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Executes attempts with Pekko HTTP's connection-level client: every attempt opens a connection of
 * its own, sends its one request, and the connection is closed when the attempt ends.
 *
 * <p>Contract (see {@link HttpInvoker}): the returned stage never fails and completes within the
 * attempt's timeout, which covers connecting, the response head and reading the capped body.
 * Nothing retries on its own: a hidden retry would be an execution the call's timeline does not
 * show. Every connection goes through the {@link AddressVetter}, and the vetted address is the one
 * connected to. Redirects are not followed; TLS certificates are verified with the JVM defaults.
 * Bounding connections per host and in total is {@link ConcurrencyLimitedInvoker}'s job.
 *
 * <p>Why not Pekko's host pool ({@code singleRequest}): the pool takes a connection back as
 * reusable as soon as a response entity ends, and cutting a body (our read cap, our timeout) ends
 * it by cancellation, which the pool cannot tell from completion. It then handed the dying
 * connection to the next request to that host, which failed without being sent
 * ("StageWasCompleted"). Connection: close and a 1 ms connection lifetime made that rare but not
 * impossible (1-3 of 80 attempts in a test, and one attempt in a crash test that must see none).
 * The pool also cannot cancel a request it has sent, so an abandoned attempt kept its connection
 * until the target answered. With a connection per attempt, no other attempt can ever meet that
 * connection, and when an attempt times out its connection is aborted at once. Connections were
 * never reused before either (each served one attempt), so this costs no extra handshakes.
 */
public final class PekkoHttpInvoker implements HttpInvoker {
  private final ActorSystem<?> system;
  private final InvokerSettings settings;
  private final Http http;
  private final HttpsConnectionContext https;
  private final ClientConnectionSettings connection;
  private static final int MAX_FLOWS = 4096;
  private final Map<Duration, ClientConnectionSettings> connectionsByIdleTimeout =
      new ConcurrentHashMap<>();
  private final Map<Target, Flow<HttpRequest, HttpResponse, CompletionStage<OutgoingConnection>>>
      flows = new ConcurrentHashMap<>();
  private final LoggingAdapter log;
  private final Materializer materializer;
  private final Clock clock = Clock.systemUTC();

  public PekkoHttpInvoker(ActorSystem<?> system, InvokerSettings settings, AddressVetter vetter) {
    this(system, settings, vetter, () -> true);
  }

  /**
   * @param writable asked just before bytes go to a connection; false fails the attempt unsent. The
   *     pause guard answers it: an attempt that passed the guard, but whose connection was still
   *     being set up when the JVM froze, would otherwise write its request the moment the process
   *     resumes, before anything noticed the pause (seen once in F3: a request from a downed node)
   */
  public PekkoHttpInvoker(
      ActorSystem<?> system,
      InvokerSettings settings,
      AddressVetter vetter,
      java.util.function.BooleanSupplier writable) {
    this.system = system;
    this.settings = settings;
    this.http = Http.get(system);
    this.https = http.defaultClientHttpsContext();
    this.log = system.classicSystem().log();
    this.materializer = Materializer.matFromSystem(system);
    this.connection = connectionSettings(system, settings, vetter, writable);
  }

  @Override
  public CompletionStage<AttemptOutcome> invoke(OutboundRequest r) {
    Duration timeout = r.timeout();
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      return CompletableFuture.completedFuture(
          OutcomeClassifier.invalidRequest("attempt timeout must be positive"));
    }
    HttpRequest request;
    try {
      request = PekkoRequests.build(r);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(
          OutcomeClassifier.invalidRequest(FailureMessages.clean(e.getMessage())));
    }
    CompletableFuture<AttemptOutcome> result = new CompletableFuture<>();
    Cancellable timer =
        system
            .scheduler()
            .scheduleOnce(
                timeout,
                () -> result.complete(OutcomeClassifier.timeout(timeout)),
                system.executionContext());
    result.whenComplete((outcome, error) -> timer.cancel());
    long startedNanos = System.nanoTime();
    try {
      // Explicit executor: Pekko's futures run even plain whenComplete callbacks async, and on a
      // machine with <= 2 CPUs the JDK's default async pool starts a new thread per callback.
      send(request, timeout, result)
          .whenCompleteAsync(
              (response, error) -> {
                if (error != null) {
                  result.complete(OutcomeClassifier.fromException(error, timeout));
                } else {
                  read(response, startedNanos, timeout, result);
                }
              },
              system.executionContext());
    } catch (RuntimeException e) {
      result.complete(OutcomeClassifier.fromException(e, timeout));
    }
    return result;
  }

  /**
   * Opens the attempt's own connection and sends the request on it; the stage completes with the
   * response head. The connection lives until the attempt ends: it closes by itself after the one
   * response (the request side is complete), and is aborted when the attempt ends first (timeout).
   */
  private CompletionStage<HttpResponse> send(
      HttpRequest request, Duration timeout, CompletableFuture<AttemptOutcome> result) {
    Uri uri = request.getUri();
    boolean tls = "https".equalsIgnoreCase(uri.scheme());
    String host = uri.host().address();
    int port = uri.port() > 0 ? uri.port() : (tls ? 443 : 80);
    var flow = flowTo(new Target(tls, host, port, idleTimeoutFor(timeout)));
    CompletableFuture<HttpResponse> head = new CompletableFuture<>();
    // Sink.foreach, not Sink.head: cancelling the response side as soon as the head arrived would
    // tear the connection down under the entity still being read.
    Pair<UniqueKillSwitch, CompletionStage<Done>> running =
        Source.single(request.withUri(uri.toRelative()))
            .via(flow)
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.foreach(head::complete), Keep.both())
            .run(materializer);
    running
        .second()
        .whenComplete(
            (done, error) ->
                head.completeExceptionally(
                    error != null
                        ? error
                        : new IllegalStateException("connection closed without a response")));
    result.whenComplete(
        (outcome, error) ->
            running.first().abort(new TimeoutException("attempt ended; connection closed")));
    return head;
  }

  private void read(
      HttpResponse response,
      long startedNanos,
      Duration timeout,
      CompletableFuture<AttemptOutcome> result) {
    if (result.isDone()) {
      // Timed out while waiting for the head: nobody reads this body, but the slot needs it gone.
      response.discardEntityBytes(materializer);
      return;
    }
    CappedBodyReader.Reading reading;
    try {
      reading =
          CappedBodyReader.start(response.entity(), settings.maxResponseBytes(), materializer);
    } catch (RuntimeException e) {
      response.discardEntityBytes(materializer);
      result.complete(OutcomeClassifier.fromException(e, timeout));
      return;
    }
    // Cuts a body still dribbling in at the timeout; a no-op once the read has finished.
    result.whenComplete((outcome, error) -> reading.cut().run());
    reading
        .bytes()
        .whenCompleteAsync(
            (bytes, error) -> {
              try {
                result.complete(
                    error != null
                        ? OutcomeClassifier.fromException(error, timeout)
                        : classify(response, bytes, startedNanos));
              } catch (RuntimeException e) {
                result.complete(OutcomeClassifier.fromException(e, timeout));
              }
            },
            system.executionContext());
  }

  private AttemptOutcome classify(HttpResponse response, ByteString bytes, long startedNanos) {
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    int status = response.status().intValue();
    Map<String, String> headers = CappedBodyReader.headers(response);
    ResponseMeta meta =
        new ResponseMeta(
            status,
            headers,
            CappedBodyReader.snippet(bytes, settings.bodySnippetChars()),
            latencyMs);
    return OutcomeClassifier.classify(status, headers, meta, clock.instant());
  }

  private record Target(boolean tls, String host, int port, Duration idleTimeout) {}

  /**
   * The connection flow to a target. A flow is a blueprint: each run opens a connection of its own,
   * so one flow per target serves every attempt to it. Building it costs the client layer's whole
   * graph (6.7 % of the node's CPU in a burst profile when built per attempt), and
   * Http.connectionTo also parsed the client settings from the config each time (2.9 %). Bounded:
   * past MAX_FLOWS targets the cache starts over, which costs only rebuilding.
   */
  private Flow<HttpRequest, HttpResponse, CompletionStage<OutgoingConnection>> flowTo(Target t) {
    var cached = flows.get(t);
    if (cached != null) {
      return cached;
    }
    if (flows.size() >= MAX_FLOWS) {
      flows.clear();
    }
    ConnectHttp to =
        t.tls()
            ? ConnectHttp.toHostHttps(t.host(), t.port()).withCustomHttpsContext(https)
            : ConnectHttp.toHost(t.host(), t.port());
    var flow = http.outgoingConnection(to, Optional.empty(), connectionFor(t.idleTimeout()), log);
    flows.put(t, flow);
    return flow;
  }

  /**
   * A connection's idle timeout (Pekko's default 60 s) would cut an attempt allowed longer than
   * that while the target thinks. So it follows the attempt's timeout, rounded up to a power of two
   * seconds so that only a dozen settings objects ever exist. Our own timeout aborts the connection
   * first; the idle timeout is only the backstop.
   */
  private ClientConnectionSettings connectionFor(Duration idleTimeout) {
    return connectionsByIdleTimeout.computeIfAbsent(idleTimeout, connection::withIdleTimeout);
  }

  /** The smallest power of two seconds (at least 1 s) not shorter than the attempt timeout. */
  static Duration idleTimeoutFor(Duration attemptTimeout) {
    long seconds = 1;
    while (seconds < (1L << 40) && Duration.ofSeconds(seconds).compareTo(attemptTimeout) < 0) {
      seconds *= 2;
    }
    return Duration.ofSeconds(seconds);
  }

  private static ClientConnectionSettings connectionSettings(
      ActorSystem<?> system,
      InvokerSettings settings,
      AddressVetter vetter,
      java.util.function.BooleanSupplier writable) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    return ClientConnectionSettings.create(system.classicSystem())
        .withConnectingTimeout(settings.connectingTimeout())
        .withTransport(GuardedTransport.create(vetter, blocking, writable));
  }
}
