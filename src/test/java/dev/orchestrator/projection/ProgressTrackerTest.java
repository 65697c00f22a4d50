package dev.orchestrator.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.projection.ProjectionLag.Progress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache, the shared measurement and the bounded wait of {@link ProgressTracker}. */
class ProgressTrackerTest {
  private static final java.time.Instant LAGGING_SINCE =
      java.time.Instant.parse("2026-11-23T12:00:00Z");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicInteger measurements = new AtomicInteger();
  private final AtomicReference<Progress> database = new AtomicReference<>(new Progress(5, null));

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private ProgressTracker tracker(Duration maxAge) {
    return new ProgressTracker(
        () -> {
          measurements.incrementAndGet();
          return database.get();
        },
        pool,
        nanos::get,
        maxAge);
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void current_withinMaxAge_reusesTheMeasurement() throws Exception {
    var tracker = tracker(Duration.ofMillis(100));
    assertEquals(5, get(tracker.current()).offset());
    database.set(new Progress(9, null));
    nanos.addAndGet(Duration.ofMillis(99).toNanos());
    assertEquals(5, get(tracker.current()).offset());
    assertEquals(1, measurements.get());

    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertEquals(9, get(tracker.current()).offset());
    assertEquals(2, measurements.get());
  }

  @Test
  void current_manyConcurrentRequests_shareOneMeasurement() throws Exception {
    var release = new java.util.concurrent.CountDownLatch(1);
    var tracker =
        new ProgressTracker(
            () -> {
              measurements.incrementAndGet();
              release.await();
              return database.get();
            },
            pool,
            nanos::get,
            Duration.ofMillis(100));
    List<CompletionStage<Progress>> waiting = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      waiting.add(tracker.current());
    }
    release.countDown();
    for (var w : waiting) {
      assertEquals(5, get(w).offset());
    }
    assertEquals(1, measurements.get());
  }

  @Test
  void current_failedMeasurement_failsThoseWaitingAndTheNextRequestMeasuresAgain()
      throws Exception {
    var fail = new java.util.concurrent.atomic.AtomicBoolean(true);
    var tracker =
        new ProgressTracker(
            () -> {
              if (fail.getAndSet(false)) {
                throw new SQLException("down");
              }
              return database.get();
            },
            pool,
            nanos::get,
            Duration.ofMillis(100));
    var e = assertThrows(ExecutionException.class, () -> get(tracker.current()));
    assertTrue(e.getCause() instanceof SQLException, e.toString());
    assertEquals(5, get(tracker.current()).offset());
  }

  @Test
  void awaitPassed_tokenAlreadyPassed_answersFromTheCache() throws Exception {
    var tracker = tracker(Duration.ofMillis(100));
    Progress first = get(tracker.current());
    Progress p = get(tracker.awaitPassed(5, Duration.ofSeconds(5), Duration.ofMillis(50)));
    assertSame(first, p);
    assertEquals(1, measurements.get());
  }

  @Test
  void awaitPassed_readModelCatchesUp_answersWithTheMeasurementThatPassed() throws Exception {
    // Real time here: the wait's timers run on the JDK's clock.
    var tracker =
        new ProgressTracker(
            () -> {
              // The projection passes ordering 8 at the third measurement.
              return measurements.incrementAndGet() >= 3
                  ? new Progress(8, null)
                  : new Progress(5, LAGGING_SINCE);
            },
            pool,
            System::nanoTime,
            Duration.ofMillis(20));
    Progress p = get(tracker.awaitPassed(8, Duration.ofSeconds(5), Duration.ofMillis(20)));
    assertTrue(p.passed(8));
    assertEquals(3, measurements.get());
  }

  @Test
  void awaitPassed_tokenNeverReached_answersTheLastMeasurementAfterMaxWait() throws Exception {
    var tracker =
        new ProgressTracker(
            () -> {
              measurements.incrementAndGet();
              return database.get();
            },
            pool,
            System::nanoTime,
            Duration.ofMillis(20));
    long started = System.nanoTime();
    Progress p = get(tracker.awaitPassed(1_000_000, Duration.ofMillis(300), Duration.ofMillis(50)));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertFalse(p.passed(1_000_000));
    assertEquals(5, p.offset());
    assertTrue(tookMs >= 290 && tookMs < 5_000, "waited " + tookMs + " ms");
    assertTrue(measurements.get() >= 3, "measured again while waiting: " + measurements.get());
  }
}
