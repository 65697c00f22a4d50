package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How an outlet of the event stream walks it: events read per round, the wait when caught up, and
 * the backoff (doubling from {@code minBackoff} to {@code maxBackoff}) after a failed round.
 */
public record OutletPacing(
    int batchSize, Duration pollInterval, Duration minBackoff, Duration maxBackoff) {

  public OutletPacing {
    if (batchSize < 1) {
      throw new IllegalArgumentException("an outlet's batch-size must be >= 1");
    }
    if (minBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException("an outlet's min-backoff must not exceed max-backoff");
    }
  }

  /** From {@code batch-size}, {@code poll-interval}, {@code min-backoff}, {@code max-backoff}. */
  static OutletPacing fromConfig(Config c) {
    return new OutletPacing(
        c.getInt("batch-size"),
        c.getDuration("poll-interval"),
        c.getDuration("min-backoff"),
        c.getDuration("max-backoff"));
  }

  /** The backoff after {@code current}: doubled, at most {@code maxBackoff}. */
  public Duration nextBackoff(Duration current) {
    Duration next = current.multipliedBy(2);
    return next.compareTo(maxBackoff) > 0 ? maxBackoff : next;
  }
}
