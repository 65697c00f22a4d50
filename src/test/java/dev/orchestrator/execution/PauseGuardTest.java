package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PauseGuardTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean downed = new AtomicBoolean();
  private final AtomicBoolean settled = new AtomicBoolean(true);
  private final PauseGuard guard =
      new PauseGuard(
          Duration.ofSeconds(10),
          Duration.ofSeconds(20),
          now::get,
          PauseGuard.Membership.of(downed::get, settled::get));

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  private void runTicker(Duration d) {
    for (long t = 0; t < d.toMillis(); t += 100) {
      advance(Duration.ofMillis(100));
      guard.tick();
    }
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

  @Test
  void afterTheHold_attemptsWaitUntilEveryMemberIsReachableAgain() {
    guard.tick();
    advance(Duration.ofSeconds(26));
    settled.set(false); // the thawed node now sees the others unreachable
    assertEquals(Duration.ofSeconds(20), guard.waitBeforeSending());
    runTicker(Duration.ofSeconds(20));
    assertEquals(PauseGuard.RECHECK, guard.waitBeforeSending());
    runTicker(Duration.ofSeconds(30));
    assertEquals(PauseGuard.RECHECK, guard.waitBeforeSending());
    settled.set(true); // heartbeats flow again: it was not downed
    assertEquals(Duration.ZERO, guard.waitBeforeSending());
    settled.set(false); // a later unreachable member alone does not hold attempts
    assertEquals(Duration.ZERO, guard.waitBeforeSending());
  }

  @Test
  void aDownedNode_neverSendsAgain_evenIfItsViewLooksSettled() {
    assertEquals(Duration.ZERO, guard.waitBeforeSending());
    downed.set(true);
    assertTrue(guard.waitBeforeSending().compareTo(Duration.ZERO) > 0);
    assertTrue(guard.downed());
    downed.set(false); // Pekko never undoes Down; the guard does not either
    for (int i = 0; i < 100; i++) {
      runTicker(Duration.ofSeconds(1));
      assertTrue(guard.waitBeforeSending().compareTo(Duration.ZERO) > 0);
    }
  }

  @Test
  void withoutAFreeze_membershipIsNotConsulted() {
    settled.set(false);
    for (int i = 0; i < 10; i++) {
      advance(Duration.ofMillis(100));
      guard.tick();
      assertEquals(Duration.ZERO, guard.waitBeforeSending());
    }
  }
}
