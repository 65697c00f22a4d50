package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PauseGuardTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final PauseGuard guard =
      new PauseGuard(Duration.ofSeconds(10), Duration.ofSeconds(20), now::get);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void ticksCloseTogether_neverHold() {
    for (int i = 0; i < 100; i++) {
      advance(Duration.ofMillis(900));
      guard.tick();
      assertEquals(Duration.ZERO, guard.waitBeforeSending());
    }
  }

  @Test
  void aFreezeLongerThanTheThreshold_holdsAttemptsForTheHoldTime_evenBeforeTheTickerWakes() {
    guard.tick();
    advance(Duration.ofSeconds(26));
    // The sender notices first (the ticker thread was frozen too).
    assertEquals(Duration.ofSeconds(20), guard.waitBeforeSending());
    assertEquals(Duration.ofSeconds(26), guard.lastPause());
    advance(Duration.ofSeconds(5));
    guard.tick();
    assertEquals(Duration.ofSeconds(15), guard.waitBeforeSending());
    for (int i = 0; i < 150; i++) {
      advance(Duration.ofMillis(100));
      guard.tick();
    }
    assertEquals(Duration.ZERO, guard.waitBeforeSending());
  }

  @Test
  void aPauseShorterThanTheThreshold_isIgnored() {
    guard.tick();
    advance(Duration.ofSeconds(9));
    assertEquals(Duration.ZERO, guard.waitBeforeSending());
  }
}
