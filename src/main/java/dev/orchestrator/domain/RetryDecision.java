package dev.orchestrator.domain;

import java.time.Instant;

/**
 * What follows a finished attempt: success, another attempt at a time, or final failure. Pure, so
 * the budget rules are tested without an actor system.
 */
public sealed interface RetryDecision {
  record Succeed() implements RetryDecision {}

  record RetryAt(Instant nextAttemptAt) implements RetryDecision {}

  record Fail() implements RetryDecision {}

  /**
   * @param attemptsCharged attempts that count against the budget so far, including the one that
   *     just finished (interrupted attempts are not charged)
   */
  static RetryDecision decide(
      AttemptOutcome outcome,
      RetryPolicy policy,
      int attemptsCharged,
      Instant now,
      double random01) {
    // Java 17 has no pattern switch; the sealed hierarchy keeps these three checks exhaustive.
    if (outcome instanceof AttemptOutcome.Success) {
      return new Succeed();
    }
    if (outcome instanceof AttemptOutcome.RetryableFailure r
        && attemptsCharged < policy.maximumAttempts()) {
      return new RetryAt(
          now.plus(Backoff.delay(policy, attemptsCharged, random01, r.retryAfter())));
    }
    return new Fail();
  }
}
