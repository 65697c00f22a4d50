package dev.orchestrator.execution;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Notices that this JVM was frozen (SIGSTOP, a VM suspended, a swap storm) for at least {@code
 * threshold} and then asks outgoing attempts to wait for {@code hold}. A node frozen that long may
 * have been downed by the rest of the cluster, whose members already run its calls; when it thaws
 * it keeps acting on its old state until it learns it is down and exits (seconds). Holding its
 * attempts meanwhile keeps it from sending requests nobody will record (RELIABILITY F3).
 *
 * <p>Detection needs no thread to be awake at the right moment: a ticker stamps the time every
 * {@code tick}; whoever finds the stamp older than {@code threshold} knows a freeze happened.
 * {@code threshold} should be the split brain resolver's {@code stable-after}: a shorter freeze
 * cannot get a node downed, so ordinary GC pauses or a busy host never hold attempts.
 */
public final class PauseGuard {
  private final long thresholdNanos;
  private final long holdNanos;
  private final LongSupplier nanoTime;
  private long lastTick;
  private long holdUntil;
  private long lastPauseNanos;

  public PauseGuard(Duration threshold, Duration hold, LongSupplier nanoTime) {
    this.thresholdNanos = threshold.toNanos();
    this.holdNanos = hold.toNanos();
    this.nanoTime = nanoTime;
    this.lastTick = nanoTime.getAsLong();
    this.holdUntil = lastTick;
  }

  /** Called by the ticker. */
  public synchronized void tick() {
    observe(nanoTime.getAsLong());
  }

  /** Zero when attempts may go now; otherwise how long to wait before asking again. */
  public synchronized Duration waitBeforeSending() {
    long now = nanoTime.getAsLong();
    observe(now);
    return now - holdUntil >= 0 ? Duration.ZERO : Duration.ofNanos(holdUntil - now);
  }

  /** Length of the last freeze seen (for logs), zero if none. */
  public synchronized Duration lastPause() {
    return Duration.ofNanos(lastPauseNanos);
  }

  private void observe(long now) {
    long gap = now - lastTick;
    if (gap >= thresholdNanos) {
      lastPauseNanos = gap;
      holdUntil = now + holdNanos;
    }
    lastTick = now;
  }
}
