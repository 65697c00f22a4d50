package dev.orchestrator.scanner;

import dev.orchestrator.config.ScannerSettings;
import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.entity.Summary;
import dev.orchestrator.projection.ServiceCallQueries;
import dev.orchestrator.projection.ServiceCallQueries.DueCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Wakes calls whose entity may not be alive: those due within the lookahead (passivated, recovered
 * elsewhere, or on a node that died) and Running calls past their deadline (attempt lost with a
 * node). Wakes are idempotent, so a duplicate or early wake costs one message. Each wake is an ask:
 * the answers tell whether sharding delivers ({@link WakeDeliveries}); while it does not, a scan
 * sends one probe instead of a batch that would pile up in a region buffer.
 */
public final class DueScanner extends AbstractBehavior<DueScanner.Command> {
  /** Protocol of the scanner; only its own messages. */
  public interface Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private record Scanned(List<DueCall> calls, Throwable error) implements Command {}

  private record SendWake(String entityId) implements Command {}

  private record WakeAnswered(String entityId, boolean timedOut) implements Command {}

  private final ServiceCallQueries queries;
  private final ClusterSharding sharding;
  private final ScannerSettings settings;
  private final Clock clock;
  private final Executor blocking;
  private final RecentWakes recent;
  private final WakeDeliveries deliveries;
  private boolean scanning;
  private boolean probing;

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
                  return new DueScanner(ctx, queries, sharding, settings, clock, blocking);
                }));
  }

  private DueScanner(
      ActorContext<Command> ctx,
      ServiceCallQueries queries,
      ClusterSharding sharding,
      ScannerSettings settings,
      Clock clock,
      Executor blocking) {
    super(ctx);
    this.queries = queries;
    this.sharding = sharding;
    this.settings = settings;
    this.clock = clock;
    this.blocking = blocking;
    this.recent = new RecentWakes(settings.rewakeAfter());
    // A wake not answered by the time its call could be woken again counts as lost.
    this.deliveries = new WakeDeliveries(settings.wakePatience(), settings.rewakeAfter());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(Scanned.class, this::onScanned)
        .onMessage(SendWake.class, this::onSendWake)
        .onMessage(WakeAnswered.class, this::onWakeAnswered)
        .build();
  }

  // While a scan runs, further ticks are dropped: a slow database must not pile up scans.
  private Behavior<Command> onTick() {
    if (!scanning) {
      scanning = true;
      Instant now = clock.instant();
      getContext()
          .pipeToSelf(
              CompletableFuture.supplyAsync(() -> scan(queries, settings, now), blocking),
              Scanned::new);
    }
    return this;
  }

  private Behavior<Command> onScanned(Scanned s) {
    scanning = false;
    if (s.error() != null) {
      getContext().getLog().warn("due scan failed: {}", s.error().toString());
      return this;
    }
    Instant now = clock.instant();
    int allowance = deliveries.allowance(now, settings.maxWakesPerScan());
    boolean delivering = deliveries.delivering(now);
    if (delivering == probing) {
      probing = !delivering;
      getContext()
          .getLog()
          .info(
              delivering
                  ? "due scanner: wakes are answered again, sending full batches"
                  : "due scanner: wakes unanswered ({} outstanding), sending one probe per scan",
              deliveries.outstanding());
    }
    recent.expire(now);
    var plan =
        WakePlan.plan(
            s.calls(), now, settings.interval(), allowance, recent, ThreadLocalRandom.current());
    for (WakePlan.Wake w : plan) {
      Duration delay = delivering ? w.delay() : Duration.ZERO;
      if (delay.isZero()) {
        onSendWake(new SendWake(w.entityId()));
      } else {
        // Lost with this node if it dies first; the next scanner finds the call again.
        getContext().scheduleOnce(delay, getContext().getSelf(), new SendWake(w.entityId()));
      }
    }
    return this;
  }

  private Behavior<Command> onSendWake(SendWake w) {
    if (!deliveries.mayWake(settings.maxUnansweredWakes())) {
      // Held back, not lost: the call is still due, and the next scan finds it again.
      recent.forget(w.entityId());
      return this;
    }
    deliveries.sent(w.entityId(), clock.instant());
    var entity = sharding.entityRefFor(ServiceCallEntity.ENTITY_TYPE_KEY, w.entityId());
    getContext()
        .askWithStatus(
            Summary.class,
            entity,
            settings.rewakeAfter(),
            ServiceCallCommand.Wake::new,
            (ok, error) ->
                new WakeAnswered(
                    w.entityId(), error instanceof java.util.concurrent.TimeoutException));
    return this;
  }

  private Behavior<Command> onWakeAnswered(WakeAnswered a) {
    // An error reply (the call is gone, a journal failure) still proves the wake was delivered.
    if (a.timedOut()) {
      deliveries.abandoned(a.entityId());
    } else {
      deliveries.answered(a.entityId());
    }
    return this;
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
}
