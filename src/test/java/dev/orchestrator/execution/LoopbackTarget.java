package dev.orchestrator.execution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test target on 127.0.0.1 (port chosen by the OS) that records every request it gets. Handlers
 * that must stall wait on {@link #release}, which {@link #close} opens, so no thread outlives a
 * test.
 */
final class LoopbackTarget implements AutoCloseable {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** What the target saw; header names are lower-cased by the JDK server's Headers map. */
  record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return String.join(",", e.getValue());
        }
      }
      return null;
    }
  }

  @FunctionalInterface
  interface Responder {
    void respond(HttpExchange exchange, LoopbackTarget target) throws Exception;
  }

  final CountDownLatch release = new CountDownLatch(1);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  private LoopbackTarget(Responder responder) throws IOException {
    server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            responder.respond(exchange, this);
          } catch (Exception e) {
            // The client hung up (cap reached, timeout): expected in several tests.
          }
        });
    server.start();
  }

  static LoopbackTarget start(Responder responder) throws IOException {
    return new LoopbackTarget(responder);
  }

  /** A target answering every request with {@code status}, extra headers and a text body. */
  static LoopbackTarget answering(int status, Map<String, String> headers, String body)
      throws IOException {
    return start((ex, t) -> send(ex, status, headers, body));
  }

  static void send(HttpExchange ex, int status, Map<String, String> headers, String body)
      throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  /** How a {@link RawTarget} misbehaves after reading a request head. */
  enum Misbehaviour {
    /** Abort the connection with a TCP RST (SO_LINGER 0). */
    RESET,
    /** Close the connection without answering. */
    CLOSE,
    /** Greet every connection with plain-text HTTP at once (what a TLS client must reject). */
    PLAINTEXT_GREETING
  }

  /**
   * A raw socket target for misbehaviour HTTP servers do not offer; counts request heads it saw.
   */
  static final class RawTarget implements AutoCloseable {
    private static final byte[] GREETING =
        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    final AtomicInteger requests = new AtomicInteger();
    private final ServerSocket socket;
    private final Thread acceptor;

    RawTarget(Misbehaviour how) throws IOException {
      socket = new ServerSocket(0, 50, LOOPBACK);
      acceptor = new Thread(() -> serve(how), "raw-target");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve(Misbehaviour how) {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          s.setSoTimeout(5_000);
          if (how == Misbehaviour.PLAINTEXT_GREETING) {
            s.getOutputStream().write(GREETING);
            s.getOutputStream().flush();
          }
          if (readHead(s.getInputStream())) {
            requests.incrementAndGet();
          }
          if (how == Misbehaviour.RESET) {
            s.setSoLinger(true, 0);
          }
        } catch (IOException e) {
          // socket closed by close(), or the client gave up
        }
      }
    }

    private static boolean readHead(InputStream in) throws IOException {
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      for (int b = in.read(); b >= 0; b = in.read()) {
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        if (matched == end.length) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() throws Exception {
      socket.close();
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
    }
  }
}
