package dev.orchestrator.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target of every benchmark call: an HTTP server on 127.0.0.1 that answers 200 at once and
 * records, per delivery, the X-Service-Call-Id, X-Attempt, the X-Due-At the generator put into the
 * call's headers, and the arrival time (taken before the body is read).
 */
final class Sink implements AutoCloseable {
  /** One delivery. {@code dueAt} is null when the request carried no readable X-Due-At. */
  record Arrival(String callId, String attempt, long nanos, Instant dueAt, String path) {}

  private final HttpServer server;
  private final ExecutorService pool;
  private final ConcurrentLinkedQueue<Arrival> all = new ConcurrentLinkedQueue<>();
  private final Map<String, Arrival> first = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicLong withoutId = new AtomicLong();

  private Sink(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  static Sink start(int port, int threads) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "sink");
              t.setDaemon(true);
              return t;
            });
    Sink sink = new Sink(server, pool);
    server.createContext("/", sink::handle);
    server.setExecutor(pool);
    server.start();
    return sink;
  }

  private void handle(HttpExchange ex) throws IOException {
    long now = System.nanoTime();
    try (ex;
        InputStream in = ex.getRequestBody()) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      String id = ex.getRequestHeaders().getFirst("X-Service-Call-Id");
      if (id == null) {
        withoutId.incrementAndGet();
      } else {
        Arrival a =
            new Arrival(
                id,
                ex.getRequestHeaders().getFirst("X-Attempt"),
                now,
                parse(ex.getRequestHeaders().getFirst("X-Due-At")),
                ex.getRequestURI().getPath());
        all.add(a);
        first.putIfAbsent(id, a);
        counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      }
      ex.sendResponseHeaders(200, -1);
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
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
