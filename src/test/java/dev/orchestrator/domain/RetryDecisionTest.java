package dev.orchestrator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryDecisionTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final RetryPolicy THREE =
      new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
  private static final ResponseMeta R503 = new ResponseMeta(503, Map.of(), "", 1);

  private static AttemptOutcome retryable(Duration retryAfter) {
    return new AttemptOutcome.RetryableFailure(
        new ErrorInfo(ErrorKind.HTTP_STATUS, "HTTP 503"), R503, retryAfter);
  }

  @Test
  void decide_success_succeeds() {
    var ok = new AttemptOutcome.Success(new ResponseMeta(200, Map.of(), "", 1));
    assertInstanceOf(RetryDecision.Succeed.class, RetryDecision.decide(ok, THREE, 1, NOW, 0.5));
  }

  @Test
  void decide_permanentFailure_failsEvenWithBudgetLeft() {
    var p =
        new AttemptOutcome.PermanentFailure(new ErrorInfo(ErrorKind.HTTP_STATUS, "HTTP 404"), null);
    assertInstanceOf(RetryDecision.Fail.class, RetryDecision.decide(p, THREE, 1, NOW, 0.5));
  }

  @Test
  void decide_retryableWithBudgetLeft_retriesAfterBackoff() {
    var d = (RetryDecision.RetryAt) RetryDecision.decide(retryable(null), THREE, 2, NOW, 1.0);
    assertEquals(NOW.plusSeconds(2), d.nextAttemptAt());
  }

  @Test
  void decide_retryableOnLastAttempt_fails() {
    assertInstanceOf(
        RetryDecision.Fail.class, RetryDecision.decide(retryable(null), THREE, 3, NOW, 0.5));
  }

  @Test
  void decide_retryAfterHint_postponesTheRetry() {
    var d =
        (RetryDecision.RetryAt)
            RetryDecision.decide(retryable(Duration.ofSeconds(5)), THREE, 1, NOW, 0.5);
    assertEquals(NOW.plusSeconds(5), d.nextAttemptAt());
  }
}
