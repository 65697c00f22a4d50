package dev.orchestrator.entity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DueTimersTest {
  private static final ActorTestKit KIT = ActorTestKit.create("due-timers");

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void timer_neverFiresBeforeItsDelay() throws Exception {
    var timers = DueTimers.get(KIT.system());
    var fired = new CountDownLatch(1);
    var firedAt = new AtomicLong();
    long armedAt = System.nanoTime();

    timers.schedule(
        Duration.ofMillis(80),
        () -> {
          firedAt.set(System.nanoTime());
          fired.countDown();
        });

    assertTrue(fired.await(10, TimeUnit.SECONDS), "the timer did not fire");
    assertTrue(
        firedAt.get() - armedAt >= Duration.ofMillis(80).toNanos(),
        () -> "fired after " + (firedAt.get() - armedAt) / 1_000 + " us");
  }

  @Test
  void cancelledTimer_neverRuns() throws Exception {
    var timers = DueTimers.get(KIT.system());
    var cancelledRan = new CountDownLatch(1);
    var later = new CountDownLatch(1);

    var cancelled = timers.schedule(Duration.ofMillis(50), cancelledRan::countDown);
    cancelled.cancel(false);
    // One thread runs timers in due order: once a later one ran, the cancelled one's time is past.
    timers.schedule(Duration.ofMillis(100), later::countDown);

    assertTrue(later.await(10, TimeUnit.SECONDS), "the later timer did not fire");
    assertFalse(cancelledRan.await(0, TimeUnit.MILLISECONDS), "a cancelled timer ran");
  }
}
