package dev.orchestrator.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 client for the submit path of the load scenarios: blocking sockets, one
 * request at a time per connection, idle connections kept alive in a pool. A blocking exchange
 * costs the generator a few microseconds of CPU where the JDK HttpClient costs it far more (its
 * selector thread and future chains), and the generator shares the cores with the node it measures.
 * Loopback only; answers must carry Content-Length or be chunked.
 */
final class LoopbackClient {
  /** A response; {@code body} is UTF-8. */
  record Response(int status, String body) {}

  // Pekko HTTP closes idle server connections after 60 s; never reuse one anywhere near that, so a
  // request is never written into a connection the server is closing.
  private static final long MAX_IDLE_NANOS = 10_000_000_000L;
  private static final int READ_TIMEOUT_MS = 30_000;

  private final InetSocketAddress address;
  private final String hostHeader;
  private final String authorization;
  private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger opened = new AtomicInteger();

  LoopbackClient(String host, int port, String apiKey) {
    BenchConfig.requireLoopback(host, "loopback client");
    this.address = new InetSocketAddress(host, port);
    this.hostHeader = host + ":" + port;
    this.authorization = "Bearer " + apiKey;
  }

  /** Connections opened so far (each is one TCP connection to the node). */
  int connectionsOpened() {
    return opened.get();
  }

  /** POSTs a JSON body; blocks until the whole response is read. */
  Response postJson(String path, byte[] body) throws IOException {
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + hostHeader
                + "\r\nAuthorization: "
                + authorization
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    Conn c = take();
    try {
      c.out.write(head);
      c.out.write(body);
      c.out.flush();
      Parsed p = read(c.in);
      if (p.close) {
        c.close();
      } else {
        c.lastUsed = System.nanoTime();
        idle.offerFirst(c);
      }
      return new Response(p.status, p.body);
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  void close() {
    Conn c;
    while ((c = idle.pollFirst()) != null) {
      c.close();
    }
  }

  private Conn take() throws IOException {
    long now = System.nanoTime();
    Conn c;
    while ((c = idle.pollFirst()) != null) {
      if (now - c.lastUsed < MAX_IDLE_NANOS) {
        return c;
      }
      c.close();
    }
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(READ_TIMEOUT_MS);
    s.connect(address, 5_000);
    opened.incrementAndGet();
    return new Conn(s);
  }

  private record Parsed(int status, String body, boolean close) {}

  private static Parsed read(InputStream in) throws IOException {
    String statusLine = RawHttp.line(in, false);
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + Api.abbreviate(statusLine));
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    boolean close = statusLine.startsWith("HTTP/1.0");
    long length = -1;
    boolean chunked = false;
    for (String h = RawHttp.line(in, false); !h.isEmpty(); h = RawHttp.line(in, false)) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (status == 204 || status == 304) {
      length = 0; // never a body, whatever the headers say
    }
    if (chunked && length != 0) {
      RawHttp.chunked(in, body);
    } else if (length > 0) {
      RawHttp.copy(in, body, length);
    } else if (length < 0) {
      // Neither length nor chunked: the body runs to the end of the connection.
      in.transferTo(body);
      close = true;
    }
    return new Parsed(status, body.toString(StandardCharsets.UTF_8), close);
  }

  private static final class Conn {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    long lastUsed;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 16_384);
      this.out = new BufferedOutputStream(socket.getOutputStream(), 16_384);
      this.lastUsed = System.nanoTime();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing to do: the connection is dropped either way
      }
    }
  }
}
