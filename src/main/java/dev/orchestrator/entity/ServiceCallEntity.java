package dev.orchestrator.entity;

import dev.orchestrator.cluster.ClusterMembership;
import dev.orchestrator.config.EntitySettings;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.entity.ServiceCallCommand.Cancel;
import dev.orchestrator.entity.ServiceCallCommand.CompleteAttempt;
import dev.orchestrator.entity.ServiceCallCommand.Get;
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
import dev.orchestrator.execution.HttpInvoker;
import dev.orchestrator.logging.CallMdc;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.JournalPersistFailed;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;

/**
 * The single writer of one service call's state. It persists facts and decides; the HTTP work is
 * done by a child per attempt ({@link AttemptDriver}) that reports back with {@link
 * CompleteAttempt}.
 */
public final class ServiceCallEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        ServiceCallCommand, ServiceCallEvent, ServiceCallState> {

  public static final EntityTypeKey<ServiceCallCommand> ENTITY_TYPE_KEY =
      EntityTypeKey.create(ServiceCallCommand.class, "ServiceCall");

  private final ServiceCallId id;
  private final EntitySettings settings;
  private final String tag;
  private final AttemptDriver driver;
  private final CommandHandlers handlers;
  // Whom the command being handled answers. While a persist is in flight commands are stashed, so
  // when a persist fails this is the command it came from; that caller hears of the failure at
  // once instead of waiting for its ask timeout.
  private ActorRef<StatusReply<Summary>> replyingTo;
  private final LogContext logContext;

  private ServiceCallEntity(
      ServiceCallId id,
      EntitySettings settings,
      AttemptDriver driver,
      Clock clock,
      RandomGenerator random,
      CallObserver observer,
      LogContext logContext,
      Logger log,
      String node) {
    // A failed journal write or recovery (database down, breaker open) stops the entity; it is
    // restarted after 200 ms, doubling up to 10 s while failures go on (jittered, so entities do
    // not retry in step), without limit: none stays stopped once the database is back (K9), and
    // its next recovery picks up whatever the journal did store.
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), id.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.id = id;
    this.settings = settings;
    this.tag = tagFor(id, settings.tagCount());
    this.driver = driver;
    this.logContext = logContext;
    this.handlers =
        new CommandHandlers(
            id, settings, driver, clock, random, this, observer, logContext, log, node);
  }

  /** As below, reporting to no observer (tests). */
  public static Behavior<ServiceCallCommand> create(
      ServiceCallId id,
      EntitySettings settings,
      HttpInvoker invoker,
      Clock clock,
      RandomGenerator random,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return create(id, settings, invoker, clock, random, shard, CallObserver.NONE);
  }

  /**
   * @param shard the shard to ask for passivation, or null outside sharding (tests)
   * @param observer where journal write times and attempt lateness go (metrics)
   */
  public static Behavior<ServiceCallCommand> create(
      ServiceCallId id,
      EntitySettings settings,
      HttpInvoker invoker,
      Clock clock,
      RandomGenerator random,
      ActorRef<ClusterSharding.ShardCommand> shard,
      CallObserver observer) {
    return Behaviors.setup(
        ctx -> {
          // Naming the logger up front spares Pekko a stack walk per entity start (seen in JFR).
          ctx.setLoggerName(ServiceCallEntity.class);
          var logContext = new LogContext();
          // Every line logged while this entity handles a message (its own, Pekko persistence's)
          // carries tenantId and serviceCallId, and correlationId once the call is known.
          return withCallMdc(
              id,
              logContext,
              Behaviors.withTimers(
                  timers ->
                      new ServiceCallEntity(
                          id,
                          settings,
                          new AttemptDriver(
                              ctx, timers, invoker, clock, shard, settings.timerHorizon()),
                          clock,
                          random,
                          observer,
                          logContext,
                          ctx.getLog(),
                          node(ctx.getSystem().address()))));
        });
  }

  /**
   * Every line logged while this entity handles a message carries tenantId and serviceCallId, and
   * correlationId once the call is known. All messages, not only commands: persist callbacks (and
   * the lines they log) run on the journal's replies, which are Pekko-internal messages.
   */
  @SuppressWarnings("unchecked")
  private static Behavior<ServiceCallCommand> withCallMdc(
      ServiceCallId id, LogContext logContext, Behavior<ServiceCallCommand> behavior) {
    Behavior<Object> any = (Behavior<Object>) (Behavior<?>) behavior;
    Behavior<Object> wrapped =
        Behaviors.withMdc(Object.class, CallMdc.of(id, null), logContext::forMessage, any);
    return (Behavior<ServiceCallCommand>) (Behavior<?>) wrapped;
  }

  // Recorded in each ExecutionStarted (history provenance); none for a system without remoting.
  private static String node(Address address) {
    return address.getHost().isPresent() ? ClusterMembership.hostPort(address) : null;
  }

  public static String tagFor(ServiceCallId id, int tagCount) {
    return "service-call-" + Math.floorMod(id.entityId().hashCode(), tagCount);
  }

  @Override
  public ServiceCallState emptyState() {
    return Empty.INSTANCE;
  }

  @Override
  public CommandHandlerWithReply<ServiceCallCommand, ServiceCallEvent, ServiceCallState>
      commandHandler() {
    var b = newCommandHandlerWithReplyBuilder();
    b.forStateType(Empty.class)
        .onCommand(Submit.class, handlers::onSubmitNew)
        .onCommand(Wake.class, (s, c) -> handlers.notFound(c))
        .onCommand(Get.class, (s, c) -> handlers.notFound(c))
        .onCommand(Cancel.class, (s, c) -> handlers.notFound(c))
        .onCommand(CompleteAttempt.class, (s, c) -> handlers.notFound(c));
    b.forStateType(Scheduled.class)
        .onCommand(Wake.class, handlers::onWakeScheduled)
        .onCommand(Cancel.class, handlers::onCancelActive);
    b.forStateType(Running.class)
        .onCommand(Wake.class, handlers::onWakeRunning)
        .onCommand(CompleteAttempt.class, handlers::onCompleteAttempt)
        .onCommand(Cancel.class, handlers::onCancelActive);
    b.forAnyState()
        .onCommand(ServiceCallCommand.HandOff.class, handlers::onHandOff)
        .onCommand(Submit.class, handlers::onSubmitRepeat)
        .onCommand(Cancel.class, handlers::onCancelTerminal)
        .onAnyCommand(handlers::replyCurrent);
    var handler = b.build();
    return (state, command) -> {
      // HandOff comes from sharding and has no reply target.
      replyingTo = command instanceof ServiceCallCommand.HandOff ? null : command.replyTo();
      return handler.apply(state, command);
    };
  }

  @Override
  public EventHandler<ServiceCallState, ServiceCallEvent> eventHandler() {
    var b = newEventHandlerBuilder();
    b.forStateType(Empty.class).onEvent(ServiceCallScheduled.class, Empty::schedule);
    b.forStateType(Scheduled.class)
        .onEvent(ExecutionStarted.class, Scheduled::start)
        .onEvent(ServiceCallCancelled.class, Scheduled::cancel);
    b.forStateType(Running.class)
        .onEvent(ExecutionStarted.class, Running::restart)
        .onEvent(AttemptFailed.class, Running::retryLater)
        .onEvent(ServiceCallSucceeded.class, Running::succeed)
        .onEvent(ServiceCallFailed.class, Running::fail)
        .onEvent(ServiceCallCancelled.class, Running::cancel);
    return b.build();
  }

  @Override
  public SignalHandler<ServiceCallState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecoveryCompleted)
        .onSignal(JournalPersistFailed.class, (state, failed) -> onPersistFailed())
        .onSignal(PostStop.instance(), state -> driver.cancelTimer())
        .onSignal(PreRestart.instance(), state -> driver.cancelTimer())
        .build();
  }

  // The entity stops right after this and is restarted with backoff (see the constructor), then
  // recovers whatever the journal did store. The caller learns the outcome is unknown (503).
  private void onPersistFailed() {
    if (replyingTo != null) {
      replyingTo.tell(Rejection.STORAGE_UNAVAILABLE.reply("the journal did not confirm the write"));
      replyingTo = null;
    }
  }

  // Timers and children do not survive a restart: re-arm the due timer, and let a Wake find out
  // that a Running call has no live attempt (it was interrupted) and run it again.
  private void onRecoveryCompleted(ServiceCallState state) {
    logContext.learn(state);
    if (state instanceof Scheduled s) {
      driver.armOrPassivate(s);
    } else if (state instanceof Running) {
      driver.wakeSelf();
    }
  }

  @Override
  public Set<String> tagsFor(ServiceCallEvent event) {
    return Set.of(tag);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Snapshots bound replay for calls with many retries; events are kept because they are the
    // call's history (provenance API).
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  ServiceCallId id() {
    return id;
  }
}
