package dev.orchestrator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that records every request it receives and answers from a script
 * per path (default 200). The target of every end-to-end test.
 */
public final class TargetServer implements AutoCloseable {
  /** A request as received, with its arrival time. */
  public record Received(
      String method, String path, Map<String, List<String>> headers, String body, Instant at) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A scripted answer; {@code delay} is slept before answering, to play a slow target. */
  public record Reply(int status, Map<String, String> headers, Duration delay) {
    public static Reply status(int status) {
      return new Reply(status, Map.of(), Duration.ZERO);
    }

    public static Reply slow(int status, Duration delay) {
      return new Reply(status, Map.of(), delay);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();

  public TargetServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Answers the next requests to {@code path} with these replies in order, then 200. */
  public void script(String path, Reply... replies) {
    scripts.put(path, new ArrayDeque<>(List.of(replies)));
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> receivedOn(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String path = ex.getRequestURI().getPath();
    received.add(
        new Received(
            ex.getRequestMethod(),
            path,
            Map.copyOf(ex.getRequestHeaders()),
            new String(body, StandardCharsets.UTF_8),
            Instant.now()));
    Reply reply;
    Deque<Reply> script = scripts.get(path);
    synchronized (this) {
      reply = script == null || script.isEmpty() ? Reply.status(200) : script.poll();
    }
    if (!reply.delay().isZero()) {
      try {
        Thread.sleep(reply.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = ("{\"ok\":" + (reply.status() < 300) + "}").getBytes(StandardCharsets.UTF_8);
    try {
      ex.sendResponseHeaders(reply.status(), out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    } catch (IOException e) {
      // The client gave up (timeout); nothing to answer.
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
