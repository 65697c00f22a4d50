package dev.orchestrator.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling; never a bare sleep standing in for a check. */
public final class Await {
  private Await() {}

  public static void until(Duration max, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + max + " waiting for " + what);
      }
      pause();
    }
  }

  public static <T> T value(
      Duration max, String what, Supplier<T> supplier, java.util.function.Predicate<T> ok) {
    long deadline = System.nanoTime() + max.toNanos();
    T last = supplier.get();
    while (!ok.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + max + " waiting for " + what + "; last: " + last);
      }
      pause();
      last = supplier.get();
    }
    return last;
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
