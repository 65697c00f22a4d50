package dev.orchestrator.entity;

import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.TraceContext;
import dev.orchestrator.entity.ServiceCallState.Running;
import dev.orchestrator.entity.ServiceCallState.Scheduled;
import dev.orchestrator.execution.AttemptRunner;
import dev.orchestrator.execution.HttpInvoker;
import dev.orchestrator.execution.OutboundRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The entity's side effects: its due timer, its attempt children and passivation. It also remembers
 * which attempt has a live child, which is exactly what a restarted entity does not know: a Running
 * call without a live child had its attempt interrupted.
 */
final class AttemptDriver {
  private static final String HANDOFF_TIMER = "handoff";

  private final ActorContext<ServiceCallCommand> ctx;
  private final TimerScheduler<ServiceCallCommand> timers;
  private final HttpInvoker invoker;
  private final Clock clock;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Duration horizon;
  private final DueTimers dueTimers;
  // Not Pekko's timers (10 ms tick): see DueTimers. A wake from a timer cancelled too late is
  // harmless, every Wake handler checks the time and the state first.
  private ScheduledFuture<?> dueTimer;
  private int liveAttempt;
  private boolean handingOff;

  AttemptDriver(
      ActorContext<ServiceCallCommand> ctx,
      TimerScheduler<ServiceCallCommand> timers,
      HttpInvoker invoker,
      Clock clock,
      ActorRef<ClusterSharding.ShardCommand> shard,
      Duration horizon) {
    this.ctx = ctx;
    this.timers = timers;
    this.invoker = invoker;
    this.clock = clock;
    this.shard = shard;
    this.horizon = horizon;
    this.dueTimers = DueTimers.get(ctx.getSystem());
  }

  boolean hasLiveAttempt(int attempt) {
    return liveAttempt == attempt;
  }

  void launch(Running running) {
    CallSpec spec = running.call().spec();
    TraceContext trace = spec.trace();
    var request =
        new OutboundRequest(
            running.call().id(),
            spec.request(),
            running.attempt(),
            running.call().id().callId(),
            spec.correlationId(),
            spec.timeout(),
            trace,
            trace == null
                ? null
                : trace.traceparentFor(running.call().id().callId(), running.attempt()));
    liveAttempt = running.attempt();
    // The attempt number is part of the name so a late child of an old attempt never clashes.
    ctx.spawn(
        AttemptRunner.create(invoker, request, ctx.getSelf()), "attempt-" + running.attempt());
  }

  void attemptFinished() {
    liveAttempt = 0;
  }

  /**
   * Arms the due timer when the next attempt is close; otherwise hands the call to the due scanner
   * and passivates, so a call scheduled far ahead costs no memory.
   */
  void armOrPassivate(Scheduled scheduled) {
    Duration delay = Duration.between(clock.instant(), scheduled.nextAttemptAt());
    if (delay.isNegative() || delay.isZero()) {
      cancelTimer();
      wakeSelf();
    } else if (delay.compareTo(horizon) <= 0) {
      if (dueTimer == null || dueTimer.isDone()) {
        ActorRef<ServiceCallCommand> self = ctx.getSelf();
        ServiceCallCommand.Wake wake = wake();
        dueTimer = dueTimers.schedule(delay, () -> self.tell(wake));
      }
    } else {
      passivate();
    }
  }

  /**
   * Sharding asked this entity to stop while an attempt is in flight: let the attempt report (its
   * result is then persisted like any other) and stop right after, or stop when {@code drain} runs
   * out. No new attempt or timer starts meanwhile.
   */
  void beginHandOff(Duration drain) {
    handingOff = true;
    cancelTimer();
    timers.startSingleTimer(HANDOFF_TIMER, new ServiceCallCommand.HandOff(true), drain);
  }

  boolean handingOff() {
    return handingOff;
  }

  void stopNow() {
    ctx.getSelf().tell(new ServiceCallCommand.HandOff(true));
  }

  /** Also on stop: a stopped entity's timer would only make a dead letter. */
  void cancelTimer() {
    if (dueTimer != null) {
      dueTimer.cancel(false);
      dueTimer = null;
    }
  }

  void wakeSelf() {
    ctx.getSelf().tell(wake());
  }

  void passivate() {
    if (shard != null) {
      shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
    }
  }

  private ServiceCallCommand.Wake wake() {
    return new ServiceCallCommand.Wake(ctx.getSystem().ignoreRef());
  }
}
