package dev.orchestrator.entity;

import java.time.Duration;

/**
 * What the entity reports for metrics: how long its journal writes take and how late attempts
 * start. An interface here keeps the entity free of any metrics library; {@link #NONE} for tests.
 * Implementations must be cheap and thread-safe (every entity calls them).
 */
public interface CallObserver {
  /** The journal write a persist effect stands for (the {@code operation} label). */
  enum JournalWrite {
    SUBMIT,
    START,
    FINISH,
    CANCEL
  }

  /** A monotonic time in nanoseconds, taken when a command arrives. */
  long nanoTime();

  /** The write of {@code kind} begun at {@code startNanos} has been persisted. */
  void journalWritten(JournalWrite kind, long startNanos);

  /**
   * An attempt started {@code lateness} after it could have at the earliest (its due or retry time,
   * or its acceptance if that came later).
   */
  void attemptStarted(Duration lateness);

  CallObserver NONE =
      new CallObserver() {
        @Override
        public long nanoTime() {
          return 0;
        }

        @Override
        public void journalWritten(JournalWrite kind, long startNanos) {}

        @Override
        public void attemptStarted(Duration lateness) {}
      };
}
