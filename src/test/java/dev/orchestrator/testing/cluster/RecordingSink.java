package dev.orchestrator.testing.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The loopback target of the fault suites: records every request with the headers the oracle needs,
 * and answers each after a configurable delay with a configurable status. The status is decided
 * when the request arrives, so a 2xx counts as delivered even if the node that sent it died before
 * reading the answer (the receiver acted on it). Paths are {@code /sink/<tenant>}.
 */
public final class RecordingSink implements AutoCloseable {
  /**
   * One request as received.
   *
   * @param callId {@code X-Service-Call-Id}
   * @param idempotencyKey {@code Idempotency-Key}
   * @param webhookId {@code webhook-id} (signed tenants only)
   * @param attempt {@code X-Attempt}
   * @param node the executing node's {@code host:port} ({@link TestCluster#NODE_HEADER})
   * @param answeredAt when the answer was written (or failed to be); null while in flight
   */
  public record Hit(
      long seq,
      String callId,
      String idempotencyKey,
      String webhookId,
      int attempt,
      String tenant,
      String run,
      String node,
      Instant arrivedAt,
      Instant answeredAt,
      int status) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public boolean inFlight() {
      return answeredAt == null;
    }

    /** End of the attempt as the sink saw it; now for one still in flight. */
    public Instant end() {
      return answeredAt == null ? Instant.now() : answeredAt;
    }

    Hit answered(Instant at) {
      return new Hit(
          seq,
          callId,
          idempotencyKey,
          webhookId,
          attempt,
          tenant,
          run,
          node,
          arrivedAt,
          at,
          status);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<Long, Hit> hits = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong seq =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile Duration delay;
  private volatile int status = 200;

  public RecordingSink(Duration delay) throws IOException {
    this.delay = delay;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
    server.createContext("/sink/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Where calls of {@code tenant} in test phase {@code run} should go. */
  public String url(String tenant, String run) {
    return "http://127.0.0.1:" + port() + "/sink/" + tenant + "/" + run;
  }

  /** {@code OUTBOUND_ALLOW_HOSTS} value that lets nodes reach this sink and nothing else local. */
  public String allowHosts() {
    return "127.0.0.1/32:" + port();
  }

  public void delay(Duration d) {
    this.delay = d;
  }

  public void status(int s) {
    this.status = s;
  }

  /** Every request so far, in arrival order. */
  public List<Hit> hits() {
    List<Hit> out = new ArrayList<>(hits.values());
    out.sort(java.util.Comparator.comparingLong(Hit::seq));
    return out;
  }

  /** Requests still waiting for their answer, by executing node. */
  public Map<String, Long> inFlightByNode() {
    return hits.values().stream()
        .filter(Hit::inFlight)
        .collect(Collectors.groupingBy(h -> String.valueOf(h.node()), Collectors.counting()));
  }

  public long inFlightFrom(String node) {
    return hits.values().stream().filter(h -> h.inFlight() && node.equals(h.node())).count();
  }

  /** Requests of one run, in arrival order. */
  public List<Hit> hits(String run) {
    return hits().stream().filter(h -> run.equals(h.run())).toList();
  }

  /** Hits of one run by call id, each list in arrival order. */
  public Map<String, List<Hit>> byCall(String run) {
    return hits(run).stream()
        .collect(Collectors.groupingBy(h -> String.valueOf(h.callId()), Collectors.toList()));
  }

  /** Requests that arrived in {@code [from, to)}. */
  public List<Hit> arrivedBetween(Instant from, Instant to) {
    return hits().stream()
        .filter(h -> !h.arrivedAt().isBefore(from) && h.arrivedAt().isBefore(to))
        .toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    String path = ex.getRequestURI().getPath();
    var h = ex.getRequestHeaders();
    int replied = status;
    long n = seq.incrementAndGet();
    Hit hit =
        new Hit(
            n,
            h.getFirst("X-Service-Call-Id"),
            h.getFirst("Idempotency-Key"),
            h.getFirst("webhook-id"),
            parseInt(h.getFirst("X-Attempt")),
            segment(path, 2),
            segment(path, 3),
            h.getFirst(TestCluster.NODE_HEADER),
            Instant.now(),
            null,
            replied);
    hits.put(n, hit);
    try {
      Duration d = delay;
      if (!d.isZero()) {
        Thread.sleep(d.toMillis());
      }
      byte[] out = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.sendResponseHeaders(replied, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    } catch (IOException e) {
      // The sender is gone (killed, or gave up); the answer was decided all the same.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hits.put(n, hit.answered(Instant.now()));
      ex.close();
    }
  }

  /** Writes the run's hits as CSV (for post-mortems of a failed or surprising run). */
  public Path dump(String run, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    StringBuilder b =
        new StringBuilder("seq,callId,attempt,node,arrivedAt,answeredAt,status,key,webhookId\n");
    for (Hit h : hits(run)) {
      b.append(h.seq()).append(',').append(h.callId()).append(',').append(h.attempt());
      b.append(',').append(h.node()).append(',').append(h.arrivedAt()).append(',');
      b.append(h.answeredAt()).append(',').append(h.status()).append(',');
      b.append(h.idempotencyKey()).append(',').append(h.webhookId()).append('\n');
    }
    Files.writeString(file, b);
    return file;
  }

  private static String segment(String path, int i) {
    String[] parts = path.split("/");
    return parts.length > i ? parts[i] : "";
  }

  private static int parseInt(String s) {
    try {
      return s == null ? -1 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
