package dev.orchestrator.entity;

import dev.orchestrator.config.EntitySettings;
import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.domain.RetryDecision;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.entity.ServiceCallCommand.Cancel;
import dev.orchestrator.entity.ServiceCallCommand.CompleteAttempt;
import dev.orchestrator.entity.ServiceCallCommand.Submit;
import dev.orchestrator.entity.ServiceCallCommand.Wake;
import dev.orchestrator.entity.ServiceCallEvent.AttemptFailed;
import dev.orchestrator.entity.ServiceCallEvent.ExecutionStarted;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallCancelled;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallFailed;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallScheduled;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallSucceeded;
import dev.orchestrator.entity.ServiceCallState.Empty;
import dev.orchestrator.entity.ServiceCallState.Running;
import dev.orchestrator.entity.ServiceCallState.Scheduled;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.Logger;

/**
 * The entity's command handlers, one per (phase, command). They read time from the injected clock
 * and put it into events, so replaying events never consults a clock.
 */
final class CommandHandlers {
  // The read model's deadline for a Running call leaves room for the attempt's own timeout to fire
  // first; only a lost attempt outlives it and is then woken by the scanner.
  private static final Duration DEADLINE_GRACE = Duration.ofSeconds(5);

  private final ServiceCallId id;
  private final EntitySettings settings;
  private final AttemptDriver driver;
  private final Clock clock;
  private final RandomGenerator random;
  private final ServiceCallEntity entity;
  private final CallObserver observer;
  private final LogContext logContext;
  private final Logger log;
  private final String node;

  CommandHandlers(
      ServiceCallId id,
      EntitySettings settings,
      AttemptDriver driver,
      Clock clock,
      RandomGenerator random,
      ServiceCallEntity entity,
      CallObserver observer,
      LogContext logContext,
      Logger log,
      String node) {
    this.id = id;
    this.settings = settings;
    this.driver = driver;
    this.clock = clock;
    this.random = random;
    this.entity = entity;
    this.observer = observer;
    this.logContext = logContext;
    this.log = log;
    this.node = node;
  }

  private EffectFactories<ServiceCallEvent, ServiceCallState> effect() {
    return entity.Effect();
  }

  ReplyEffect<ServiceCallEvent, ServiceCallState> onSubmitNew(Empty state, Submit cmd) {
    long t0 = observer.nanoTime();
    Instant now = clock.instant();
    var scheduled = new ServiceCallScheduled(id, cmd.spec(), now);
    if (!cmd.spec().dueAt().isAfter(now)) {
      // Already due: accept and start in one atomic write, which saves a journal round trip.
      var started = started(1, false, cmd.spec().timeout(), now);
      return effect()
          .persist(List.of(scheduled, started))
          .thenRun(
              s -> {
                observer.journalWritten(CallObserver.JournalWrite.SUBMIT, t0);
                logContext.learn(s);
                log.debug("Accepted, due now");
                launch((Running) s, now);
              })
          .thenReply(cmd.replyTo(), s -> ok(s, true));
    }
    return effect()
        .persist(scheduled)
        .thenRun(
            s -> {
              observer.journalWritten(CallObserver.JournalWrite.SUBMIT, t0);
              logContext.learn(s);
              log.debug("Accepted, due at {}", cmd.spec().dueAt());
              driver.armOrPassivate((Scheduled) s);
            })
        .thenReply(cmd.replyTo(), s -> ok(s, true));
  }

  ReplyEffect<ServiceCallEvent, ServiceCallState> onSubmitRepeat(
      ServiceCallState state, Submit cmd) {
    if (state.call().spec().sameIntentAs(cmd.spec())) {
      return effect().reply(cmd.replyTo(), ok(state, false));
    }
    return effect()
        .reply(
            cmd.replyTo(),
            Rejection.IDEMPOTENCY_CONFLICT.reply(
                "a call with this idempotencyKey exists with a different request"));
  }

  ReplyEffect<ServiceCallEvent, ServiceCallState> onWakeScheduled(Scheduled state, Wake cmd) {
    long t0 = observer.nanoTime();
    Instant now = clock.instant();
    if (state.nextAttemptAt().isAfter(now)) {
      driver.armOrPassivate(state);
      return effect().reply(cmd.replyTo(), ok(state, false));
    }
    int attempt = state.call().attempts() + 1;
    var started = started(attempt, false, state.call().spec().timeout(), now);
    // The earliest this attempt could have started: its due (or retry) time, or its acceptance.
    Instant earliest =
        state.nextAttemptAt().isAfter(state.call().createdAt())
            ? state.nextAttemptAt()
            : state.call().createdAt();
    return effect()
        .persist(started)
        .thenRun(
            s -> {
              observer.journalWritten(CallObserver.JournalWrite.START, t0);
              launch((Running) s, earliest);
            })
        .thenReply(cmd.replyTo(), s -> ok(s, false));
  }

  /** A Running call without a live child lost its attempt to a crash or a move: run it again. */
  ReplyEffect<ServiceCallEvent, ServiceCallState> onWakeRunning(Running state, Wake cmd) {
    if (driver.hasLiveAttempt(state.attempt())) {
      return effect().reply(cmd.replyTo(), ok(state, false));
    }
    long t0 = observer.nanoTime();
    Instant now = clock.instant();
    if (state.call().interruptions() >= settings.maxInterruptions()) {
      var failed =
          new ServiceCallFailed(
              id,
              state.attempt(),
              new ErrorInfo(
                  ErrorKind.INTERRUPTED,
                  "attempt interrupted " + (state.call().interruptions() + 1) + " times"),
              null,
              now);
      return effect()
          .persist(failed)
          .thenRun(
              s -> {
                observer.journalWritten(CallObserver.JournalWrite.FINISH, t0);
                log.warn("Failed: attempt {} interrupted too many times", state.attempt());
                driver.passivate();
              })
          .thenReply(cmd.replyTo(), s -> ok(s, false));
    }
    var resumed = started(state.attempt() + 1, true, state.call().spec().timeout(), now);
    return effect()
        .persist(resumed)
        .thenRun(
            s -> {
              // A re-run has no due time to be late against; only its journal write is measured.
              observer.journalWritten(CallObserver.JournalWrite.START, t0);
              log.info("Attempt {} was interrupted; running it again", state.attempt());
              driver.launch((Running) s);
            })
        .thenReply(cmd.replyTo(), s -> ok(s, false));
  }

  ReplyEffect<ServiceCallEvent, ServiceCallState> onCompleteAttempt(
      Running state, CompleteAttempt cmd) {
    if (cmd.attempt() != state.attempt()) {
      // A late result of an attempt we already gave up on: the current attempt decides.
      return effect().reply(cmd.replyTo(), ok(state, false));
    }
    driver.attemptFinished();
    long t0 = observer.nanoTime();
    Instant now = clock.instant();
    var outcome = cmd.outcome();
    var decision =
        RetryDecision.decide(
            outcome,
            state.call().spec().retry(),
            state.call().attemptsCharged(),
            now,
            random.nextDouble());
    ServiceCallEvent event;
    if (decision instanceof RetryDecision.Succeed) {
      event = new ServiceCallSucceeded(id, cmd.attempt(), outcome.response(), now);
    } else if (decision instanceof RetryDecision.RetryAt r) {
      event =
          new AttemptFailed(
              id,
              cmd.attempt(),
              Outcomes.error(outcome),
              outcome.response(),
              r.nextAttemptAt(),
              now);
    } else {
      event =
          new ServiceCallFailed(
              id, cmd.attempt(), Outcomes.error(outcome), outcome.response(), now);
    }
    return effect()
        .persist(event)
        .thenRun(
            s -> {
              observer.journalWritten(CallObserver.JournalWrite.FINISH, t0);
              logFinished(cmd.attempt(), outcome, s);
              afterAttempt(s);
            })
        .thenReply(cmd.replyTo(), s -> ok(s, false));
  }

  private void afterAttempt(ServiceCallState state) {
    if (driver.handingOff()) {
      // The result is recorded; whatever comes next (a retry, nothing) is the new owner's job.
      driver.stopNow();
    } else if (state instanceof Scheduled s) {
      driver.armOrPassivate(s);
    } else {
      driver.passivate();
    }
  }

  ReplyEffect<ServiceCallEvent, ServiceCallState> onHandOff(
      ServiceCallState state, ServiceCallCommand.HandOff cmd) {
    if (!cmd.force()
        && !driver.handingOff()
        && state instanceof Running r
        && driver.hasLiveAttempt(r.attempt())) {
      driver.beginHandOff(settings.handoffDrainTimeout());
      return effect().noReply();
    }
    if (!cmd.force() && driver.handingOff()) {
      // Sharding repeats its stop message; the drain already under way decides.
      return effect().noReply();
    }
    return effect().stop().thenNoReply();
  }

  ReplyEffect<ServiceCallEvent, ServiceCallState> onCancelActive(
      ServiceCallState state, Cancel cmd) {
    long t0 = observer.nanoTime();
    var cancelled = new ServiceCallCancelled(id, cmd.reason(), cmd.by(), clock.instant());
    return effect()
        .persist(cancelled)
        .thenRun(
            s -> {
              observer.journalWritten(CallObserver.JournalWrite.CANCEL, t0);
              log.debug("Cancelled by {}", cmd.by());
              driver.cancelTimer();
            })
        .thenReply(cmd.replyTo(), s -> ok(s, false));
  }

  ReplyEffect<ServiceCallEvent, ServiceCallState> onCancelTerminal(
      ServiceCallState state, Cancel cmd) {
    return effect()
        .reply(
            cmd.replyTo(),
            Rejection.ALREADY_TERMINAL.reply(
                "the call is already " + state.status().name().toLowerCase()));
  }

  ReplyEffect<ServiceCallEvent, ServiceCallState> replyCurrent(
      ServiceCallState state, ServiceCallCommand cmd) {
    return effect().reply(cmd.replyTo(), ok(state, false));
  }

  ReplyEffect<ServiceCallEvent, ServiceCallState> notFound(ServiceCallCommand cmd) {
    // Nothing to keep in memory for an id that does not exist.
    driver.passivate();
    return effect().reply(cmd.replyTo(), Rejection.NOT_FOUND.reply("no such service call"));
  }

  private void launch(Running running, Instant earliest) {
    Duration late = Duration.between(earliest, clock.instant());
    late = late.isNegative() ? Duration.ZERO : late;
    observer.attemptStarted(late);
    log.debug("Attempt {} started, {} ms after it was due", running.attempt(), late.toMillis());
    driver.launch(running);
  }

  // Status code and error kind only: error messages and responses may quote the target.
  private void logFinished(int attempt, AttemptOutcome outcome, ServiceCallState next) {
    if (log.isDebugEnabled()) {
      Integer status = outcome.response() == null ? null : outcome.response().statusCode();
      ErrorInfo error = Outcomes.error(outcome);
      log.debug(
          "Attempt {} finished (status {}, error {}); call is now {}",
          attempt,
          status,
          error == null ? null : error.kind(),
          next.status());
    }
  }

  // Recorded on this node; the read model's deadline leaves the attempt's own timeout room first.
  private ExecutionStarted started(int attempt, boolean resumed, Duration timeout, Instant now) {
    return new ExecutionStarted(
        id, attempt, resumed, now.plus(timeout).plus(DEADLINE_GRACE), node, now);
  }

  private static StatusReply<Summary> ok(ServiceCallState state, boolean created) {
    return StatusReply.success(Summary.of(state, created));
  }
}
