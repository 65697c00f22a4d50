package dev.orchestrator.metrics;

import dev.orchestrator.entity.CallObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The entity's meters: journal write latency by operation and attempt lateness. All timers are
 * registered up front, so an entity's report is an array index and a histogram update.
 */
final class CallMetrics implements CallObserver {
  private final Timer[] journal = new Timer[JournalWrite.values().length];
  private final Timer lateness;

  CallMetrics(MeterRegistry registry) {
    for (JournalWrite w : JournalWrite.values()) {
      journal[w.ordinal()] =
          Timer.builder("orchestrator.journal.write")
              .description(
                  "Time from a command reaching the call's entity to its events being persisted")
              .tag("operation", w.name().toLowerCase(Locale.ROOT))
              .serviceLevelObjectives(Buckets.JOURNAL)
              .register(registry);
    }
    lateness =
        Timer.builder("orchestrator.attempt.lateness")
            .description(
                "How long after its due (or retry) time an attempt started; re-runs of interrupted"
                    + " attempts are not counted")
            .serviceLevelObjectives(Buckets.LATENESS)
            .register(registry);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void journalWritten(JournalWrite kind, long startNanos) {
    journal[kind.ordinal()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void attemptStarted(Duration lateness) {
    this.lateness.record(lateness);
  }
}
