package dev.orchestrator.execution;

import dev.orchestrator.config.InvokerSettings;
import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ResponseMeta;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * Executes attempts with Pekko HTTP's pooled client. The pools bound connections per host, but a
 * connection serves one attempt only and is closed after it (why: see poolSettings).
 *
 * <p>Contract (see {@link HttpInvoker}): the returned stage never fails and completes within the
 * attempt's timeout, which covers connecting, the response head and reading the capped body. The
 * pool never retries on its own ({@code max-retries = 0}): a hidden retry would be an execution the
 * call's timeline does not show. Every connection goes through the {@link AddressVetter}, and the
 * vetted address is the one connected to. Redirects are not followed; TLS certificates are verified
 * with the JVM defaults. Every response body is read up to the cap or discarded, so pool slots are
 * never left waiting for a consumer.
 */
public final class PekkoHttpInvoker implements HttpInvoker {
  private static final Duration MAX_CONNECTION_BACKOFF = Duration.ofSeconds(1);
  private final ActorSystem<?> system;
  private final InvokerSettings settings;
  private final Http http;
  private final HttpsConnectionContext https;
  private final ConnectionPoolSettings pool;
  private final Map<Duration, ConnectionPoolSettings> poolsByIdleTimeout =
      new ConcurrentHashMap<>();
  private final LoggingAdapter log;
  private final Materializer materializer;
  private final Clock clock = Clock.systemUTC();

  public PekkoHttpInvoker(ActorSystem<?> system, InvokerSettings settings, AddressVetter vetter) {
    this.system = system;
    this.settings = settings;
    this.http = Http.get(system);
    this.https = http.defaultClientHttpsContext();
    this.log = system.classicSystem().log();
    this.materializer = Materializer.matFromSystem(system);
    // Built once, varied only by idle timeout class (poolFor): Pekko keys its host pools by
    // settings, so per-request settings would mean a new pool (and new connections) per attempt.
    this.pool = poolSettings(system, settings, vetter);
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
      http.singleRequest(request, https, poolFor(timeout), log)
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
    result.whenComplete((outcome, error) -> reading.killSwitch().shutdown());
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

  /**
   * Pekko cannot cancel a request it has sent: after our timeout the connection stays taken until
   * the target answers or the connection's idle timeout closes it. With one fixed idle timeout (60
   * s by default) a target that accepts and never answers kept a connection for a minute per
   * abandoned attempt; once the host's connections were all stuck, later attempts queued in the
   * pool, timed out without being sent, and went out up to a minute later. And an attempt allowed
   * more than 60 s was cut at 60 s. So a connection's idle timeout follows the attempt's timeout,
   * rounded up to a power of two seconds so a host gets at most a dozen pools (Pekko keys pools by
   * settings).
   */
  private ConnectionPoolSettings poolFor(Duration attemptTimeout) {
    return poolsByIdleTimeout.computeIfAbsent(
        idleTimeoutFor(attemptTimeout),
        idle -> pool.withConnectionSettings(pool.getConnectionSettings().withIdleTimeout(idle)));
  }

  /** The smallest power of two seconds (at least 1 s) not shorter than the attempt timeout. */
  static Duration idleTimeoutFor(Duration attemptTimeout) {
    long seconds = 1;
    while (seconds < (1L << 40) && Duration.ofSeconds(seconds).compareTo(attemptTimeout) < 0) {
      seconds *= 2;
    }
    return Duration.ofSeconds(seconds);
  }

  private static ConnectionPoolSettings poolSettings(
      ActorSystem<?> system, InvokerSettings settings, AddressVetter vetter) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    ClientTransport transport =
        ClientTransport.withCustomResolver(
            (host, port) -> vet(vetter, host, ((Number) port).intValue(), blocking));
    var classic = system.classicSystem();
    return ConnectionPoolSettings.create(classic)
        .withMaxConnections(settings.maxConnectionsPerHost())
        .withMaxOpenRequests(settings.maxOpenRequestsPerHost())
        .withMaxRetries(0)
        // After failed connects the pool holds queued requests back with a doubling delay (up to
        // 2 min by default). A request held past its attempt timeout is still sent later, when we
        // have already reported TIMEOUT and maybe started the next attempt; a short cap keeps that
        // window small. Spacing retries is the retry policy's job, not the pool's.
        .withMaxConnectionBackoff(MAX_CONNECTION_BACKOFF)
        // Connections are never reused. The pool takes a connection back as reusable as soon as a
        // response entity ends, and cutting a body (our read cap, our timeout) ends it by
        // cancellation, which the pool cannot tell from completion: the next request to that host
        // was pushed onto the connection being torn down and failed unsent ("StageWasCompleted"),
        // or hung until its timeout. With the shortest lifetime the pool closes every connection
        // after its response instead (only an exchange done within ~2 ms of connecting escapes
        // this). It also avoids the keep-alive race (a server closing an idle connection as we
        // send on it), which without pool retries would cost an attempt too.
        .withMaxConnectionLifetime(Duration.ofMillis(1))
        .withConnectionSettings(
            ClientConnectionSettings.create(classic)
                .withConnectingTimeout(settings.connectingTimeout())
                .withTransport(transport));
  }

  // DNS lookups block, so they run on the blocking dispatcher, never on Pekko's stream threads.
  private static CompletionStage<InetSocketAddress> vet(
      AddressVetter vetter, String host, int port, Executor blocking) {
    CompletableFuture<InetSocketAddress> vetted = new CompletableFuture<>();
    try {
      blocking.execute(
          () -> {
            try {
              InetSocketAddress address = vetter.vet(host, port);
              if (address == null || address.isUnresolved()) {
                throw new UnknownHostException(host);
              }
              vetted.complete(address);
            } catch (Throwable t) {
              vetted.completeExceptionally(t);
            }
          });
    } catch (RuntimeException e) {
      vetted.completeExceptionally(e);
    }
    return vetted;
  }
}
