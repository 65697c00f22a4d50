package dev.orchestrator.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Whether the database answers, as last seen by a probe that runs every interval on a pool of its
 * own (so a busy read-model pool is never mistaken for an outage). The API refuses writes at once
 * while it is down instead of letting each request wait for the journal's timeouts, readiness
 * reports it, and requests already waiting are released when it goes down ({@link #onDown}).
 *
 * <p>One failed probe is enough to go down and one answered probe to come back: the probe is
 * bounded by a couple of seconds and failing fast is the point; a flapping database flaps the gate,
 * and every refusal tells the client to retry.
 */
public final class DatabaseHealth {
  private static final Logger log = LoggerFactory.getLogger(DatabaseHealth.class);

  private final BooleanSupplier probe;
  private final AtomicBoolean probing = new AtomicBoolean();
  private final Set<Runnable> waiters = ConcurrentHashMap.newKeySet();
  private volatile boolean up = true;

  /**
   * @param probe true when the database answered; must itself be bounded in time
   */
  public DatabaseHealth(BooleanSupplier probe) {
    this.probe = probe;
  }

  /** Probes every {@code interval} on {@code executor}; a probe still running skips a tick. */
  public Cancellable start(
      Scheduler scheduler, ExecutionContextExecutor executor, Duration interval) {
    return scheduler.scheduleAtFixedRate(
        interval,
        interval,
        () -> {
          if (probing.compareAndSet(false, true)) {
            try {
              check();
            } finally {
              probing.set(false);
            }
          }
        },
        executor);
  }

  /** Runs the probe once, now, on the calling thread, and records its answer. */
  public void check() {
    boolean answered;
    try {
      answered = probe.getAsBoolean();
    } catch (RuntimeException e) {
      answered = false;
    }
    if (record(answered)) {
      // Outside the lock: waiters complete requests, whose callbacks run right here.
      for (Runnable w : waiters) {
        if (waiters.remove(w)) {
          w.run();
        }
      }
    }
  }

  // True when this answer took the database from up to down.
  private synchronized boolean record(boolean answered) {
    if (answered == up) {
      return false;
    }
    up = answered;
    if (answered) {
      log.info("database reachable again");
      return false;
    }
    log.warn("database unreachable: refusing writes and list queries with 503 until it answers");
    return true;
  }

  public boolean isUp() {
    return up;
  }

  /**
   * Runs {@code onDown} (once, on the probe's thread) when the database is next seen down, or at
   * once if it is down now: lets a request waiting for a write give up as soon as the outage is
   * known instead of at its own timeout. Call the returned handle when the wait ends, so healthy
   * periods keep no waiters.
   */
  public Runnable onDown(Runnable onDown) {
    waiters.add(onDown);
    if (!up && waiters.remove(onDown)) {
      onDown.run();
    }
    return () -> waiters.remove(onDown);
  }

  /** Waiters registered and not yet released (tests: nothing may pile up). */
  int waiting() {
    return waiters.size();
  }

  /**
   * A probe that borrows a connection from {@code pool} (bounded by its connection timeout) and
   * asks the driver whether it is alive (bounded by {@code validTimeout}).
   */
  public static BooleanSupplier probe(DataSource pool, Duration validTimeout) {
    int seconds = (int) Math.max(1, validTimeout.toSeconds());
    return () -> {
      try (Connection c = pool.getConnection()) {
        return c.isValid(seconds);
      } catch (SQLException e) {
        return false;
      }
    };
  }
}
