package dev.orchestrator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/** Concurrent clients of the closed model: each sends its next request when the last answered. */
final class Clients {
  private Clients() {}

  /**
   * Runs requests {@code 0..count-1} with {@code clients} threads, each taking the next index as
   * soon as its previous request returned, until all are done or {@code deadlineNanos} passes.
   * Returns the results by index; null for requests never sent.
   */
  static <T> List<T> closedLoop(
      int clients, int count, long deadlineNanos, IntFunction<? extends T> request)
      throws InterruptedException {
    AtomicReferenceArray<T> out = new AtomicReferenceArray<>(count);
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < Math.min(clients, count); c++) {
      Thread t =
          new Thread(
              null,
              () -> {
                for (int i = next.getAndIncrement();
                    i < count && System.nanoTime() - deadlineNanos < 0;
                    i = next.getAndIncrement()) {
                  out.set(i, request.apply(i));
                }
              },
              "bench-client-" + c,
              256 * 1024);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      // Each request is bounded by the client's read timeout; the deadline bounds new ones.
      t.join();
    }
    List<T> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      results.add(out.get(i));
    }
    return results;
  }
}
