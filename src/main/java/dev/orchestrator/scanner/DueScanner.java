package dev.orchestrator.scanner;

import dev.orchestrator.config.ScannerSettings;
import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.entity.Summary;
import dev.orchestrator.projection.ServiceCallQueries;
import dev.orchestrator.projection.ServiceCallQueries.DueCall;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * Wakes calls whose entity may not be alive: those due within the lookahead (passivated, recovered
 * elsewhere, or on a node that died) and Running calls past their deadline (attempt lost with a
 * node). Wakes are idempotent, so a duplicate or early wake costs one message.
 */
public final class DueScanner {
  private DueScanner() {}

  /** Protocol of the scanner; only its own messages. */
  public interface Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private record Scanned(List<DueCall> calls, Throwable error) implements Command {}

  public static Behavior<Command> create(
      ServiceCallQueries queries,
      ClusterSharding sharding,
      ScannerSettings settings,
      Clock clock,
      Executor blocking) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.interval());
                  var recent = new RecentWakes(settings.rewakeAfter());
                  return idle(ctx, queries, sharding, settings, clock, blocking, recent);
                }));
  }

  private static Behavior<Command> idle(
      ActorContext<Command> ctx,
      ServiceCallQueries queries,
      ClusterSharding sharding,
      ScannerSettings settings,
      Clock clock,
      Executor blocking,
      RecentWakes recent) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(
            Tick.INSTANCE,
            () -> {
              Instant now = clock.instant();
              ctx.pipeToSelf(
                  CompletableFuture.supplyAsync(() -> scan(queries, settings, now), blocking),
                  Scanned::new);
              return scanning(ctx, queries, sharding, settings, clock, blocking, recent);
            })
        .build();
  }

  // While a scan runs, further ticks are dropped: a slow database must not pile up scans.
  private static Behavior<Command> scanning(
      ActorContext<Command> ctx,
      ServiceCallQueries queries,
      ClusterSharding sharding,
      ScannerSettings settings,
      Clock clock,
      Executor blocking,
      RecentWakes recent) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Tick.INSTANCE, Behaviors::same)
        .onMessage(
            Scanned.class,
            s -> {
              if (s.error() != null) {
                ctx.getLog().warn("due scan failed: {}", s.error().toString());
              } else {
                wake(ctx, s.calls(), sharding, settings, recent, clock.instant());
              }
              return idle(ctx, queries, sharding, settings, clock, blocking, recent);
            })
        .build();
  }

  private static List<DueCall> scan(
      ServiceCallQueries queries, ScannerSettings settings, Instant now) {
    try {
      List<DueCall> due =
          new ArrayList<>(
              queries.due(
                  ServiceCallStatus.SCHEDULED,
                  now.plus(settings.lookahead()),
                  settings.batchSize()));
      due.addAll(queries.due(ServiceCallStatus.RUNNING, now, settings.batchSize()));
      return due;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("due index query failed: " + e.getMessage(), e);
    }
  }

  private static void wake(
      ActorContext<Command> ctx,
      List<DueCall> calls,
      ClusterSharding sharding,
      ScannerSettings settings,
      RecentWakes recent,
      Instant now) {
    recent.expire(now);
    ActorRef<StatusReply<Summary>> ignore = ctx.getSystem().ignoreRef();
    var plan =
        WakePlan.plan(
            calls,
            now,
            settings.interval(),
            settings.maxWakesPerScan(),
            recent,
            ThreadLocalRandom.current());
    for (WakePlan.Wake w : plan) {
      var entity = sharding.entityRefFor(ServiceCallEntity.ENTITY_TYPE_KEY, w.entityId());
      var wake = new ServiceCallCommand.Wake(ignore);
      if (w.delay().isZero()) {
        entity.tell(wake);
      } else {
        // Fire-and-forget; a wake lost with this node is repeated by the next scanner.
        ctx.getSystem()
            .scheduler()
            .scheduleOnce(w.delay(), () -> entity.tell(wake), ctx.getExecutionContext());
      }
    }
  }
}
