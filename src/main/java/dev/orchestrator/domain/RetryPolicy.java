package dev.orchestrator.domain;

import java.time.Duration;

/**
 * How failed attempts are retried, with Temporal's names.
 *
 * @param maximumAttempts total attempts including the first, 1–100 (default 5)
 * @param initialInterval delay before the first retry, 100 ms – 1 h (default 1 s)
 * @param backoffCoefficient growth factor per retry, 1.0–10.0 (default 2.0)
 * @param maximumInterval cap of any single delay, at least {@code initialInterval}, ≤ 24 h (default
 *     5 min)
 */
public record RetryPolicy(
    int maximumAttempts,
    Duration initialInterval,
    double backoffCoefficient,
    Duration maximumInterval) {

  public static final int MAX_ATTEMPTS_LIMIT = 100;
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  public static final Duration MAX_INITIAL_INTERVAL = Duration.ofHours(1);
  public static final Duration MAX_INTERVAL_LIMIT = Duration.ofHours(24);

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5));

  public RetryPolicy {
    if (maximumAttempts < 1 || maximumAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException("maximumAttempts must be between 1 and 100");
    }
    if (initialInterval == null
        || initialInterval.compareTo(MIN_INTERVAL) < 0
        || initialInterval.compareTo(MAX_INITIAL_INTERVAL) > 0) {
      throw new IllegalArgumentException("initialInterval must be between 100ms and 1h");
    }
    if (!(backoffCoefficient >= 1.0 && backoffCoefficient <= 10.0)) {
      throw new IllegalArgumentException("backoffCoefficient must be between 1.0 and 10.0");
    }
    if (maximumInterval == null
        || maximumInterval.compareTo(initialInterval) < 0
        || maximumInterval.compareTo(MAX_INTERVAL_LIMIT) > 0) {
      throw new IllegalArgumentException("maximumInterval must be between initialInterval and 24h");
    }
  }
}
