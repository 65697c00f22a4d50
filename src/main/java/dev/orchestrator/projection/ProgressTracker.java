package dev.orchestrator.projection;

import dev.orchestrator.projection.ProjectionLag.Progress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The read model's progress as the API reports and waits on it. A measurement is reused while it is
 * younger than {@code maxAge}, and concurrent requests share one measurement in flight, so however
 * many requests arrive a node measures at most once per {@code maxAge} (about 10 a second).
 */
public final class ProgressTracker {
  private record Measured(Progress progress, long atNanos) {}

  private final Callable<Progress> measure;
  private final Executor blocking;
  private final LongSupplier nanoTime;
  private final long maxAgeNanos;
  private final AtomicReference<Measured> latest = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<Progress>> inFlight = new AtomicReference<>();

  /**
   * @param measure one measurement (blocking: it queries the database)
   * @param blocking where measurements run
   */
  public ProgressTracker(
      Callable<Progress> measure, Executor blocking, LongSupplier nanoTime, Duration maxAge) {
    this.measure = measure;
    this.blocking = blocking;
    this.nanoTime = nanoTime;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** A measurement at most {@code maxAge} old. */
  public CompletionStage<Progress> current() {
    return current(maxAgeNanos);
  }

  /**
   * The first measurement that has passed journal ordering {@code ordering}, or the last one taken
   * when {@code maxWait} ran out first (check {@link Progress#passed}). Measures again every {@code
   * pollInterval} while waiting, sharing measurements with other requests.
   */
  public CompletionStage<Progress> awaitPassed(
      long ordering, Duration maxWait, Duration pollInterval) {
    return check(ordering, nanoTime.getAsLong() + maxWait.toNanos(), pollInterval.toNanos());
  }

  private CompletionStage<Progress> check(long ordering, long deadline, long poll) {
    return current(Math.min(poll, maxAgeNanos))
        .thenCompose(
            p -> {
              long left = deadline - nanoTime.getAsLong();
              if (p.passed(ordering) || left <= 0) {
                return CompletableFuture.completedFuture(p);
              }
              Executor later =
                  CompletableFuture.delayedExecutor(
                      Math.min(poll, left), TimeUnit.NANOSECONDS, blocking);
              return CompletableFuture.runAsync(() -> {}, later)
                  .thenCompose(x -> check(ordering, deadline, poll));
            });
  }

  private CompletionStage<Progress> current(long maxAge) {
    Measured m = latest.get();
    if (m != null && nanoTime.getAsLong() - m.atNanos() < maxAge) {
      return CompletableFuture.completedFuture(m.progress());
    }
    CompletableFuture<Progress> mine = new CompletableFuture<>();
    CompletableFuture<Progress> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    try {
      blocking.execute(() -> measureInto(mine));
    } catch (RuntimeException e) {
      // Rejected (shutting down): fail this one and let the next request try again.
      inFlight.set(null);
      mine.completeExceptionally(e);
    }
    return mine;
  }

  private void measureInto(CompletableFuture<Progress> result) {
    long started = nanoTime.getAsLong();
    try {
      Progress p = measure.call();
      // Stamped with its start: the database state it saw is at least that old.
      latest.set(new Measured(p, started));
      inFlight.set(null);
      result.complete(p);
    } catch (Exception | Error e) {
      inFlight.set(null);
      result.completeExceptionally(e);
    }
  }
}
