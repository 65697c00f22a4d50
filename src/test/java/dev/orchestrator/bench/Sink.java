package dev.orchestrator.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target of every benchmark call: an HTTP/1.1 server on 127.0.0.1 that answers 200 at once and
 * records, per delivery, the X-Service-Call-Id, X-Attempt, the X-Due-At the generator put into the
 * call's headers, and the arrival time (taken once the request's headers are in, before its body).
 * Blocking sockets, one thread per open connection (threads are reused; at most 1,024 connections
 * at once): a delivery costs a fraction of what the JDK's HttpServer costs, on cores the node under
 * test shares. Keep-alive and chunked request bodies are handled; nothing else of HTTP is needed.
 */
final class Sink implements AutoCloseable {
  /** One delivery. {@code dueAt} is null when the request carried no readable X-Due-At. */
  record Arrival(String callId, String attempt, long nanos, Instant dueAt, String path) {}

  private static final byte[] OK =
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OK_CLOSE =
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final ThreadPoolExecutor pool;
  private final ConcurrentLinkedQueue<Arrival> all = new ConcurrentLinkedQueue<>();
  private final Map<String, Arrival> first = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicLong withoutId = new AtomicLong();

  private Sink(ServerSocket server, ThreadPoolExecutor pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port); {@code threads} are kept ready. */
  static Sink start(int port, int threads) throws IOException {
    ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            1024,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(null, r, "sink", 256 * 1024);
              t.setDaemon(true);
              return t;
            });
    Sink sink = new Sink(server, pool);
    Thread acceptor = new Thread(sink::accept, "sink-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    return sink;
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        continue; // closed (the loop ends) or a failed accept (the next one may work)
      }
      try {
        pool.execute(() -> serve(s));
      } catch (RejectedExecutionException e) {
        close(s);
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(60_000);
      InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
      OutputStream out = s.getOutputStream();
      boolean open = true;
      while (open) {
        String requestLine = RawHttp.line(in, true);
        if (requestLine == null) {
          return; // the client closed the connection between requests
        }
        String[] parts = requestLine.split(" ");
        String id = null;
        String attempt = null;
        String dueAt = null;
        long length = 0;
        boolean chunked = false;
        open = !requestLine.endsWith("HTTP/1.0");
        for (String h = RawHttp.line(in, false); !h.isEmpty(); h = RawHttp.line(in, false)) {
          int colon = h.indexOf(':');
          if (colon < 0) {
            continue;
          }
          String value = h.substring(colon + 1).trim();
          switch (h.substring(0, colon).trim().toLowerCase(Locale.ROOT)) {
            case "x-service-call-id" -> id = value;
            case "x-attempt" -> attempt = value;
            case "x-due-at" -> dueAt = value;
            case "content-length" -> length = Long.parseLong(value);
            case "transfer-encoding" ->
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            case "connection" -> open &= !value.equalsIgnoreCase("close");
            default -> {}
          }
        }
        long now = System.nanoTime();
        if (chunked) {
          RawHttp.chunked(in, OutputStream.nullOutputStream());
        } else {
          in.skipNBytes(length);
        }
        record(id, attempt, now, dueAt, parts.length > 1 ? parts[1] : "");
        out.write(open ? OK : OK_CLOSE);
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // a broken request or connection: nothing recorded for it, and the node sees the failure
    }
  }

  private void record(String id, String attempt, long nanos, String dueAt, String uri) {
    if (id == null) {
      withoutId.incrementAndGet();
      return;
    }
    int q = uri.indexOf('?');
    Arrival a = new Arrival(id, attempt, nanos, parse(dueAt), q < 0 ? uri : uri.substring(0, q));
    all.add(a);
    first.putIfAbsent(id, a);
    counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // dropped either way
    }
  }

  private static Instant parse(String s) {
    try {
      return s == null ? null : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  boolean receivedAll(Collection<String> ids) {
    for (String id : ids) {
      if (!first.containsKey(id)) {
        return false;
      }
    }
    return true;
  }

  int receivedCount(Collection<String> ids) {
    int n = 0;
    for (String id : ids) {
      if (first.containsKey(id)) {
        n++;
      }
    }
    return n;
  }

  /** First delivery of the call, or null. */
  Arrival first(String id) {
    return first.get(id);
  }

  /** Number of deliveries of the call (0 if none). */
  int deliveries(String id) {
    AtomicInteger c = counts.get(id);
    return c == null ? 0 : c.get();
  }

  /** Every delivery of the call, in arrival order. */
  List<Arrival> all(String id) {
    List<Arrival> out = new ArrayList<>();
    for (Arrival a : all) {
      if (a.callId().equals(id)) {
        out.add(a);
      }
    }
    return out;
  }

  /** Every delivery to {@code path} (e.g. /sink/hold), in arrival order. */
  List<Arrival> to(String path) {
    List<Arrival> out = new ArrayList<>();
    for (Arrival a : all) {
      if (a.path().equals(path)) {
        out.add(a);
      }
    }
    return out;
  }

  long totalDeliveries() {
    return all.size();
  }

  Collection<String> receivedIds() {
    return first.keySet();
  }

  long withoutId() {
    return withoutId.get();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
