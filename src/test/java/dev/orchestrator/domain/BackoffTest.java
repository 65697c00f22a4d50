package dev.orchestrator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final RetryPolicy POLICY =
      new RetryPolicy(10, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

  @Test
  void delay_firstRetryWithoutJitter_isInitialInterval() {
    assertEquals(Duration.ofSeconds(1), Backoff.delay(POLICY, 1, 1.0, null));
  }

  @Test
  void delay_grows_byCoefficientUntilCapped() {
    assertEquals(Duration.ofSeconds(2), Backoff.delay(POLICY, 2, 1.0, null));
    assertEquals(Duration.ofSeconds(16), Backoff.delay(POLICY, 5, 1.0, null));
    assertEquals(Duration.ofSeconds(30), Backoff.delay(POLICY, 6, 1.0, null));
    assertEquals(Duration.ofSeconds(30), Backoff.delay(POLICY, 1000, 1.0, null));
  }

  @Test
  void delay_lowestJitter_isHalfTheStep() {
    assertEquals(Duration.ofMillis(500), Backoff.delay(POLICY, 1, 0.0, null));
  }

  @Test
  void delay_retryAfterLongerThanBackoff_winsButIsCappedAtOneDay() {
    assertEquals(Duration.ofSeconds(90), Backoff.delay(POLICY, 1, 0.5, Duration.ofSeconds(90)));
    assertEquals(Duration.ofHours(24), Backoff.delay(POLICY, 1, 0.5, Duration.ofDays(30)));
  }

  @Test
  void delay_retryNumberZero_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> Backoff.delay(POLICY, 0, 0.5, null));
  }

  @Property
  void delay_anyRetry_staysWithinHalfAndFullCappedStep(
      @ForAll @IntRange(min = 1, max = 200) int retry,
      @ForAll @DoubleRange(min = 0.0, max = 1.0) double random) {
    Duration d = Backoff.delay(POLICY, retry, random, null);
    double step = Math.min(1000 * Math.pow(2.0, retry - 1), 30_000);
    assertTrue(
        d.toMillis() >= Math.floor(step * 0.5) && d.toMillis() <= Math.ceil(step),
        d + " for step " + step);
  }

  @Property
  void delay_withRetryAfter_neverEarlierThanTheHint(
      @ForAll @IntRange(min = 1, max = 50) int retry,
      @ForAll @IntRange(min = 0, max = 86_400) int hintSeconds) {
    Duration d = Backoff.delay(POLICY, retry, 0.3, Duration.ofSeconds(hintSeconds));
    assertTrue(d.compareTo(Duration.ofSeconds(hintSeconds)) >= 0);
  }
}
