package dev.orchestrator.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs one kind of request with {@code concurrency} clients, each sending its next request as soon
 * as its previous one is answered (a closed model: the latencies are those of a server with that
 * many requests in flight, and the throughput is what it sustained). Stops after {@code requests}
 * requests or {@code max}, whichever comes first. A request counts as an error unless it answers
 * 200 and its body passes {@code ok}.
 */
final class QueryLoad {
  /** What one run measured; {@code nanos} is the wall time of the whole run. */
  record Outcome(Histogram latency, long requests, long errors, long nanos, String firstError) {}

  private QueryLoad() {}

  static Outcome run(
      Api api,
      Supplier<String> next,
      Predicate<String> ok,
      int requests,
      int concurrency,
      Duration max)
      throws InterruptedException {
    Histogram latency = Results.histogram();
    AtomicLong issued = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long t0 = System.nanoTime();
    long deadline = t0 + max.toNanos();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      Thread t =
          new Thread(
              () -> {
                while (issued.getAndIncrement() < requests && System.nanoTime() - deadline < 0) {
                  String suffix = next.get();
                  long start = System.nanoTime();
                  String error;
                  try {
                    HttpResponse<String> resp = api.getCalls(suffix);
                    long took = System.nanoTime() - start;
                    synchronized (latency) {
                      Results.record(latency, took);
                    }
                    error =
                        resp.statusCode() != 200
                            ? resp.statusCode() + " " + Api.abbreviate(resp.body())
                            : ok.test(resp.body())
                                ? null
                                : "unexpected body " + Api.abbreviate(resp.body());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  } catch (Exception e) {
                    error = e.toString();
                  }
                  if (error != null) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, suffix + ": " + error);
                  }
                }
              },
              "query-client-" + c);
      t.setDaemon(true);
      t.start();
      clients.add(t);
    }
    for (Thread t : clients) {
      t.join();
    }
    long nanos = System.nanoTime() - t0;
    return new Outcome(latency, latency.getTotalCount(), errors.get(), nanos, firstError.get());
  }
}
