package dev.orchestrator.execution;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps a node that may have been downed from sending attempts (RELIABILITY F3).
 *
 * <p>A node the cluster downed must never send again: its calls already run elsewhere. Pekko tells
 * it so only late. A paused node (SIGSTOP, a suspended VM, a swap storm) thaws believing it is
 * still a member; it learns otherwise when its own split brain resolver gives up on the others
 * (stable-after) or when gossip reaches it, and only then does it shut down, which takes seconds
 * more. So:
 *
 * <ul>
 *   <li>Once {@link Membership#downed()}, nothing goes out again (the node is on its way out).
 *   <li>After a freeze of at least {@code threshold}, attempts wait at least {@code hold} and then
 *       until {@link Membership#settled()}: this node is Up and sees every member reachable. A node
 *       that was downed never gets there; one that was not gets there as soon as heartbeats flow.
 * </ul>
 *
 * <p>Detection needs no thread to be awake at the right moment: a ticker stamps the time every
 * {@code tick}; whoever finds the stamp older than {@code threshold} knows a freeze happened.
 * {@code threshold} should be the split brain resolver's {@code stable-after}: a shorter freeze
 * cannot get a node downed, so ordinary GC pauses or a busy host never hold attempts.
 */
public final class PauseGuard {
  /** How often a held attempt asks again once the hold time is over. */
  static final Duration RECHECK = Duration.ofMillis(200);

  /**
   * What the cluster says about this node: downed before every send, settled only after a freeze.
   */
  public interface Membership {
    /** This node was downed (or is shutting down because of it). */
    boolean downed();

    /** This node is Up and every member is reachable: the cluster did not move on without it. */
    boolean settled();

    /** A membership answered by two suppliers (tests). */
    static Membership of(BooleanSupplier downed, BooleanSupplier settled) {
      return new Membership() {
        @Override
        public boolean downed() {
          return downed.getAsBoolean();
        }

        @Override
        public boolean settled() {
          return settled.getAsBoolean();
        }
      };
    }
  }

  private final long thresholdNanos;
  private final long holdNanos;
  private final LongSupplier nanoTime;
  private final Membership membership;
  private long lastTick;
  private long holdUntil;
  private long lastPauseNanos;
  private boolean unsettledSincePause;
  private boolean downed;

  public PauseGuard(
      Duration threshold, Duration hold, LongSupplier nanoTime, Membership membership) {
    this.thresholdNanos = threshold.toNanos();
    this.holdNanos = hold.toNanos();
    this.nanoTime = nanoTime;
    this.membership = membership;
    this.lastTick = nanoTime.getAsLong();
    this.holdUntil = lastTick;
  }

  /** Called by the ticker. */
  public synchronized void tick() {
    observe(nanoTime.getAsLong());
  }

  /**
   * Zero when attempts may go now; otherwise how long to wait before asking again (for a downed
   * node, asking again never helps: it exits meanwhile).
   */
  public synchronized Duration waitBeforeSending() {
    long now = nanoTime.getAsLong();
    observe(now);
    if (downed || membership.downed()) {
      downed = true;
      return Duration.ofNanos(Math.max(holdNanos, RECHECK.toNanos()));
    }
    if (now - holdUntil < 0) {
      return Duration.ofNanos(holdUntil - now);
    }
    if (unsettledSincePause) {
      if (!membership.settled()) {
        return RECHECK;
      }
      unsettledSincePause = false;
    }
    return Duration.ZERO;
  }

  /** Whether this node was seen downed: it sends nothing any more. */
  public synchronized boolean downed() {
    return downed;
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
      unsettledSincePause = true;
    }
    lastTick = now;
  }
}
