package dev.orchestrator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabaseHealthTest {
  private final AtomicBoolean answers = new AtomicBoolean(true);
  private final DatabaseHealth health = new DatabaseHealth(answers::get);

  @Test
  void check_probeFailsOnceThenAnswers_downThenUpAgain() {
    assertTrue(health.isUp(), "up until a probe says otherwise");

    answers.set(false);
    health.check();
    assertFalse(health.isUp());

    answers.set(true);
    health.check();
    assertTrue(health.isUp());
  }

  @Test
  void check_probeThrows_countsAsDown() {
    var throwing =
        new DatabaseHealth(
            () -> {
              throw new IllegalStateException("pool closed");
            });
    throwing.check();
    assertFalse(throwing.isUp());
  }

  @Test
  void onDown_waiterRunsOnceWhenTheDatabaseGoesDown() {
    var runs = new AtomicInteger();
    health.onDown(runs::incrementAndGet);

    answers.set(false);
    health.check();
    health.check();

    assertEquals(1, runs.get());
    assertEquals(0, health.waiting());
  }

  @Test
  void onDown_whileAlreadyDown_runsAtOnce() {
    answers.set(false);
    health.check();
    var runs = new AtomicInteger();

    health.onDown(runs::incrementAndGet);

    assertEquals(1, runs.get());
    assertEquals(0, health.waiting());
  }

  @Test
  void onDown_released_neverRunsAndLeavesNothingBehind() {
    var runs = new AtomicInteger();
    for (int i = 0; i < 1000; i++) {
      health.onDown(runs::incrementAndGet).run();
    }

    answers.set(false);
    health.check();

    assertEquals(0, runs.get());
    assertEquals(0, health.waiting(), "healthy periods must not accumulate waiters");
  }
}
