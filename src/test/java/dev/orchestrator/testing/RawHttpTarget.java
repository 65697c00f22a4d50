package dev.orchestrator.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback socket target for answers no HTTP server library produces: it reads each request (head
 * and Content-Length body), records it like {@link FaultTarget}, writes a fixed byte string (maybe
 * malformed, maybe empty) and closes the connection.
 */
public final class RawHttpTarget implements AutoCloseable {
  /** A chunked 200 whose second chunk size is not hex: the body cannot be parsed. */
  public static final String MALFORMED_CHUNKED =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\nZZ\r\nworld\r\n0\r\n\r\n";

  private final ServerSocket listener;
  private final byte[] answer;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<FaultTarget.Hit> hits = new CopyOnWriteArrayList<>();

  private RawHttpTarget(String answer) throws IOException {
    this.answer = answer.getBytes(StandardCharsets.US_ASCII);
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  /** Answers every request with {@code answer}; "" closes the connection without answering. */
  public static RawHttpTarget start(String answer) throws IOException {
    return new RawHttpTarget(answer);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + listener.getLocalPort() + path;
  }

  public List<FaultTarget.Hit> hits() {
    return List.copyOf(hits);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        threads.execute(() -> serve(s));
      } catch (IOException | RuntimeException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      in.readNBytes((int) headerLong(head, "content-length")); // so close() sends FIN, not RST
      String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
      String callId = header(head, "x-service-call-id");
      hits.add(
          new FaultTarget.Hit(
              path, callId, FaultTarget.attempt(header(head, "x-attempt")), Instant.now()));
      s.getOutputStream().write(answer);
      s.getOutputStream().flush();
    } catch (IOException e) {
      // the client gave up
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b = in.read(); b >= 0; b = in.read()) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        return head.toString(StandardCharsets.US_ASCII);
      }
    }
    return null;
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static long headerLong(String head, String name) {
    String v = header(head, name);
    return v == null ? 0 : Long.parseLong(v);
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
