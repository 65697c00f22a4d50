package dev.orchestrator.testing.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-model submit load: {@code rate} submits per second for {@code duration}, sent on schedule
 * whether or not earlier ones have answered, round-robin over the current {@link #targets} (the
 * test changes them as nodes die and return). Each call is due {@code dueAfter} after its submit
 * and targets the sink. Bounded in count and time: it stops by itself; {@link #close()} stops it
 * early. Every outcome goes to the {@link SubmitLog}.
 */
public final class LoadDriver implements AutoCloseable {
  /** Default per-call options: JSON fields appended to the submit body. */
  public static final String DEFAULT_CALL_OPTIONS =
      ",\"retry\":{\"maxAttempts\":5,\"initialBackoff\":\"PT1S\",\"maxBackoff\":\"PT2S\"}"
          + ",\"timeout\":\"PT5S\"";

  private final SubmitLog log;
  private final String apiKey;
  private final String sinkUrl;
  private final double rate;
  private final Duration duration;
  private final Duration dueAfter;
  private final String keyPrefix;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService io = Executors.newFixedThreadPool(4);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).executor(io).build();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile List<ClusterNode> targets;
  private volatile String callOptions = DEFAULT_CALL_OPTIONS;
  private volatile java.util.function.Predicate<String> callIdFilter = id -> true;
  private final AtomicLong keySeq = new AtomicLong();
  private volatile long total;

  public LoadDriver(
      SubmitLog log,
      String apiKey,
      String sinkUrl,
      double rate,
      Duration duration,
      Duration dueAfter,
      List<ClusterNode> targets) {
    this.log = log;
    this.apiKey = apiKey;
    this.sinkUrl = sinkUrl;
    this.rate = rate;
    this.duration = duration;
    this.dueAfter = dueAfter;
    this.targets = List.copyOf(targets);
    this.keyPrefix = "load-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  /** JSON fields appended to each submit body (retry policy, timeout), e.g. {@code ,"x":1}. */
  public LoadDriver callOptions(String json) {
    this.callOptions = json;
    return this;
  }

  /**
   * Only submit calls whose id (derived from the idempotency key, so known before sending) passes
   * {@code filter}: e.g. calls of the shards one node owns. Keys that fail are skipped, not sent.
   */
  public LoadDriver callIds(java.util.function.Predicate<String> filter) {
    this.callIdFilter = filter;
    return this;
  }

  /** Nodes to spread submits over from now on. */
  public void targets(List<ClusterNode> nodes) {
    this.targets = List.copyOf(nodes);
  }

  public LoadDriver start() {
    total = Math.round(rate * duration.toMillis() / 1000.0);
    long periodNanos = (long) (1_000_000_000L / rate);
    ticker.scheduleAtFixedRate(this::tick, 0, periodNanos, TimeUnit.NANOSECONDS);
    return this;
  }

  /** Sends nothing more; submits already sent still complete and are logged. */
  public void stop() {
    total = Math.min(total, sent.get());
  }

  public long sent() {
    return sent.get();
  }

  /** Waits until every submit is sent and answered (or failed); false at the deadline. */
  public boolean awaitDone(Duration max) throws InterruptedException {
    return finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    long n = sent.incrementAndGet();
    if (n > total) {
      ticker.shutdown();
      if (outstanding.get() == 0) {
        finished.countDown();
      }
      return;
    }
    List<ClusterNode> nodes = targets;
    ClusterNode node = nodes.get((int) (n % nodes.size()));
    String candidate;
    do {
      candidate = keyPrefix + keySeq.incrementAndGet();
    } while (!callIdFilter.test(log.callIdFor(candidate)));
    String key = candidate;
    Instant sentAt = Instant.now();
    String body = body(key, sentAt.plus(dueAfter));
    outstanding.incrementAndGet();
    http.sendAsync(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + node.httpPort()
                            + "/api/v1/tenants/"
                            + log.tenant()
                            + "/service-calls"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (r, e) -> {
              int status = r == null ? 0 : r.statusCode();
              String detail = e != null ? e.toString() : status >= 300 ? r.body() : null;
              log.record(
                  new SubmitLog.Entry(
                      key,
                      log.callIdFor(key),
                      body,
                      node.address(),
                      sentAt,
                      Instant.now(),
                      e != null ? SubmitLog.Kind.UNKNOWN : SubmitLog.classify(status),
                      status,
                      detail));
              if (outstanding.decrementAndGet() == 0 && ticker.isShutdown()) {
                finished.countDown();
              }
            });
  }

  /** A submit body for this driver's sink and options, due at {@code dueAt}. */
  public String body(String key, Instant dueAt) {
    return body(sinkUrl, key, dueAt, callOptions);
  }

  /** A submit body: POST to {@code sinkUrl} at {@code dueAt}, with an idempotency key. */
  public static String body(String sinkUrl, String key, Instant dueAt, String callOptions) {
    return "{\"name\":\"load\",\"request\":{\"method\":\"POST\",\"url\":\""
        + sinkUrl
        + "\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{}\"},"
        + "\"dueAt\":\""
        + dueAt
        + "\",\"idempotencyKey\":\""
        + key
        + "\""
        + callOptions
        + "}";
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    io.shutdownNow();
    finished.countDown();
  }
}
