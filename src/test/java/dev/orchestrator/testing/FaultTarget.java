package dev.orchestrator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP target whose paths behave as told ({@link TargetBehaviours}; unknown paths answer
 * 200). Every request is recorded on arrival, before it is answered, with the call id and attempt
 * number the orchestrator sent: the target-side count the fault tests reconcile attempts against.
 */
public final class FaultTarget implements AutoCloseable {

  /** One request as it arrived. */
  public record Hit(String path, String callId, int attempt, Instant at) {}

  /** How a path answers; {@code n} is the 1-based number of this request on its path. */
  @FunctionalInterface
  public interface Behaviour {
    void answer(HttpExchange exchange, int n) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
  private final List<Hit> hits = new CopyOnWriteArrayList<>();

  private FaultTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 500);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public static FaultTarget start() throws IOException {
    return new FaultTarget();
  }

  /** Makes {@code path} answer with {@code behaviour}; returns the path's URL. */
  public String on(String path, Behaviour behaviour) {
    behaviours.put(path, behaviour);
    return url(path);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Hit> hits() {
    return List.copyOf(hits);
  }

  public List<Hit> hits(String path) {
    return hits.stream().filter(h -> h.path().equals(path)).toList();
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      hits.add(
          new Hit(
              path,
              ex.getRequestHeaders().getFirst("X-Service-Call-Id"),
              attempt(ex.getRequestHeaders().getFirst("X-Attempt")),
              Instant.now()));
      int n = counters.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      behaviours.getOrDefault(path, TargetBehaviours.status(200, Map.of())).answer(ex, n);
    } catch (IOException e) {
      // The client hung up (timeout, read cap, closed connection): part of most faults here.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() stops sleeping handlers
    }
  }

  static int attempt(String header) {
    try {
      return header == null ? 0 : Integer.parseInt(header.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
