package dev.orchestrator.metrics;

import dev.orchestrator.projection.ProjectionLag;
import dev.orchestrator.projection.ServiceCallQueries;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * Gauges read from the database every refresh interval rather than at scrape time, so scrapes never
 * wait on the database and a scrape storm costs no queries: the due backlog and the projection lag.
 * Both are cluster-wide (every node reports the same database), so aggregate them with max, not
 * sum. A failed refresh sets them to NaN rather than leaving a stale value.
 */
public final class ReadModelGauges {
  private static final Logger log = LoggerFactory.getLogger(ReadModelGauges.class);

  private final ServiceCallQueries queries;
  private final ProjectionLag lag;
  private final Clock clock;
  private volatile double dueBacklog = Double.NaN;
  private volatile double lagSeconds = Double.NaN;

  private ReadModelGauges(ServiceCallQueries queries, ProjectionLag lag, Clock clock) {
    this.queries = queries;
    this.lag = lag;
    this.clock = clock;
  }

  public static ReadModelGauges start(
      ActorSystem<?> system,
      Metrics metrics,
      ServiceCallQueries queries,
      ProjectionLag lag,
      Clock clock,
      Duration interval,
      Executor blocking) {
    var gauges = new ReadModelGauges(queries, lag, clock);
    Gauge.builder("orchestrator.due.backlog", gauges, g -> g.dueBacklog)
        .description("SCHEDULED calls whose next attempt is due now or earlier (cluster-wide)")
        .strongReference(true)
        .register(metrics.registry());
    Gauge.builder("orchestrator.projection.lag.seconds", gauges, g -> g.lagSeconds)
        .description(
            "Age of the oldest journal event not yet applied to the read model; 0 when caught up"
                + " (cluster-wide)")
        .strongReference(true)
        .register(metrics.registry());
    var task =
        system
            .scheduler()
            .scheduleWithFixedDelay(
                Duration.ZERO, interval, gauges::refresh, ExecutionContext.fromExecutor(blocking));
    // Before the read-model pool closes late in coordinated shutdown.
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "stop-read-model-gauges",
            () -> {
              task.cancel();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return gauges;
  }

  /** One refresh of both gauges (the scheduled task; tests call it directly). */
  public void refresh() {
    Instant now = clock.instant();
    try {
      dueBacklog = queries.dueBacklog(now);
    } catch (Exception e) {
      dueBacklog = Double.NaN;
      log.warn("due backlog gauge refresh failed: {}", e.toString());
    }
    try {
      lagSeconds =
          lag.oldestUnprojected()
              .map(oldest -> Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0))
              .orElse(0.0);
    } catch (Exception e) {
      lagSeconds = Double.NaN;
      log.warn("projection lag gauge refresh failed: {}", e.toString());
    }
  }
}
