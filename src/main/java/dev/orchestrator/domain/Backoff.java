package dev.orchestrator.domain;

import java.time.Duration;

/**
 * Exponential backoff with jitter. The n-th retry waits {@code initial × coefficient^(n-1)} capped
 * at {@code maximumInterval}, then scaled by a jitter factor in [0.5, 1.0] so that calls failing
 * together do not retry together. A target's Retry-After hint is honoured as a lower bound (capped
 * at 24 h so a hostile header cannot park a call forever).
 */
public final class Backoff {
  private Backoff() {}

  /**
   * @param retryNumber 1 for the first retry
   * @param random01 a uniform random number in [0, 1), injected so the result is reproducible
   * @param retryAfter the target's hint, or null
   */
  public static Duration delay(
      RetryPolicy policy, int retryNumber, double random01, Duration retryAfter) {
    if (retryNumber < 1) {
      throw new IllegalArgumentException("retryNumber starts at 1");
    }
    double initialMs = policy.initialInterval().toMillis();
    double maxMs = policy.maximumInterval().toMillis();
    // Math.pow overflows to Infinity for large exponents; min() then caps it cleanly.
    double exponential = initialMs * Math.pow(policy.backoffCoefficient(), retryNumber - 1);
    double capped = Math.min(exponential, maxMs);
    double jitter = 0.5 + 0.5 * Math.min(Math.max(random01, 0.0), 1.0);
    Duration delay = Duration.ofMillis(Math.max(1L, Math.round(capped * jitter)));
    if (retryAfter != null && !retryAfter.isNegative()) {
      Duration hint =
          retryAfter.compareTo(RetryPolicy.MAX_INTERVAL_LIMIT) > 0
              ? RetryPolicy.MAX_INTERVAL_LIMIT
              : retryAfter;
      if (hint.compareTo(delay) > 0) {
        return hint;
      }
    }
    return delay;
  }
}
