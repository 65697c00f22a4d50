package dev.orchestrator.entity;

import static dev.orchestrator.testing.ServiceCallFixtures.CALL_ID;
import static dev.orchestrator.testing.ServiceCallFixtures.T0;
import static dev.orchestrator.testing.ServiceCallFixtures.aSpec;
import static dev.orchestrator.testing.ServiceCallFixtures.aSpecDueAt;
import static dev.orchestrator.testing.ServiceCallFixtures.permanent;
import static dev.orchestrator.testing.ServiceCallFixtures.retryable;
import static dev.orchestrator.testing.ServiceCallFixtures.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.config.EntitySettings;
import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.domain.RetryPolicy;
import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.entity.ServiceCallCommand.Cancel;
import dev.orchestrator.entity.ServiceCallCommand.CompleteAttempt;
import dev.orchestrator.entity.ServiceCallCommand.Get;
import dev.orchestrator.entity.ServiceCallCommand.Submit;
import dev.orchestrator.entity.ServiceCallCommand.Wake;
import dev.orchestrator.entity.ServiceCallEvent.AttemptFailed;
import dev.orchestrator.entity.ServiceCallEvent.ExecutionStarted;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallFailed;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallScheduled;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallSucceeded;
import dev.orchestrator.testing.FakeHttpInvoker;
import dev.orchestrator.testing.ManualClock;
import java.time.Duration;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceCallEntityTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf"))
              .withFallback(ConfigFactory.load()));
  private static final EntitySettings SETTINGS =
      new EntitySettings(4, Duration.ofMinutes(2), 2, 10, Duration.ofSeconds(5));

  private ManualClock clock;
  private FakeHttpInvoker invoker;
  private EventSourcedBehaviorTestKit<ServiceCallCommand, ServiceCallEvent, ServiceCallState> es;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    clock = new ManualClock(T0);
    invoker = new FakeHttpInvoker();
    es =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            ServiceCallEntity.create(CALL_ID, SETTINGS, invoker, clock, new Random(1), null),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    es.clear();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<
          ServiceCallCommand, ServiceCallEvent, ServiceCallState, StatusReply<Summary>>
      submit(CallSpec spec) {
    return run(r -> new Submit(spec, r));
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<
          ServiceCallCommand, ServiceCallEvent, ServiceCallState, StatusReply<Summary>>
      run(Function<ActorRef<StatusReply<Summary>>, ServiceCallCommand> command) {
    return es.<StatusReply<Summary>>runCommand(command);
  }

  private void awaitCondition(Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void submit_dueLater_persistsScheduledAndRepliesCreated() {
    var result = submit(aSpecDueAt(T0.plusSeconds(60)));

    assertEquals(
        new ServiceCallScheduled(CALL_ID, aSpecDueAt(T0.plusSeconds(60)), T0), result.event());
    assertTrue(result.reply().getValue().created());
    assertEquals(ServiceCallStatus.SCHEDULED, result.reply().getValue().status());
    assertTrue(invoker.requests().isEmpty());
  }

  @Test
  void submit_dueNow_schedulesAndStartsInOneWriteAndRunsAttemptOne() {
    var result = submit(aSpecDueAt(T0));

    assertEquals(2, result.events().size());
    assertInstanceOf(ExecutionStarted.class, result.events().get(1));
    awaitCondition(() -> invoker.requests().size() == 1);
    var sent = invoker.requests().get(0);
    assertEquals(1, sent.attempt());
    assertEquals(CALL_ID.callId(), sent.idempotencyKey());
    assertEquals("req-7f3a", sent.correlationId());
  }

  @Test
  void submit_repeatWithSameSpec_answersExistingWithoutPersisting() {
    submit(aSpecDueAt(T0.plusSeconds(60)));
    var repeat = submit(aSpecDueAt(T0.plusSeconds(60)));

    assertTrue(repeat.hasNoEvents());
    assertTrue(repeat.reply().isSuccess());
    assertFalse(repeat.reply().getValue().created());
  }

  @Test
  void submit_repeatWithDifferentSpec_isRejectedAsConflict() {
    submit(aSpecDueAt(T0.plusSeconds(60)));
    var repeat = submit(aSpecDueAt(T0.plusSeconds(61)));

    assertTrue(repeat.hasNoEvents());
    assertEquals(
        Rejection.IDEMPOTENCY_CONFLICT, Rejection.of(repeat.reply().getError().getMessage()));
  }

  @Test
  void wake_beforeDue_changesNothing() {
    submit(aSpecDueAt(T0.plusSeconds(60)));
    clock.tick(Duration.ofSeconds(59));
    var result = run(Wake::new);

    assertTrue(result.hasNoEvents());
    assertEquals(ServiceCallStatus.SCHEDULED, result.reply().getValue().status());
  }

  @Test
  void wake_atDue_startsFirstAttempt() {
    submit(aSpecDueAt(T0.plusSeconds(60)));
    clock.tick(Duration.ofSeconds(60));
    var result = run(Wake::new);

    assertEquals(1, ((ExecutionStarted) result.event()).attempt());
    awaitCondition(() -> invoker.requests().size() == 1);
  }

  @Test
  void wake_twiceWhileRunning_startsOnlyOneAttempt() {
    submit(aSpecDueAt(T0));
    var again = run(Wake::new);

    assertTrue(again.hasNoEvents());
    awaitCondition(() -> invoker.requests().size() == 1);
  }

  @Test
  void completeAttempt_success_endsSucceeded() {
    submit(aSpecDueAt(T0));
    var result = run(r -> new CompleteAttempt(1, success(), r));

    assertInstanceOf(ServiceCallSucceeded.class, result.event());
    assertEquals(ServiceCallStatus.SUCCEEDED, result.reply().getValue().status());
    assertEquals(200, result.reply().getValue().response().statusCode());
  }

  @Test
  void completeAttempt_retryable_schedulesNextAttemptWithJitteredBackoff() {
    submit(aSpecDueAt(T0));
    var result = run(r -> new CompleteAttempt(1, retryable(503), r));

    var failed = (AttemptFailed) result.event();
    Duration wait = Duration.between(T0, failed.nextAttemptAt());
    assertTrue(
        wait.compareTo(Duration.ofMillis(500)) >= 0 && wait.compareTo(Duration.ofSeconds(1)) <= 0,
        wait.toString());
    assertEquals(ServiceCallStatus.SCHEDULED, result.reply().getValue().status());
  }

  @Test
  void completeAttempt_retryableWithBudgetSpent_endsFailed() {
    var spec = aSpec(T0, new RetryPolicy(2, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10)));
    submit(spec);
    run(r -> new CompleteAttempt(1, retryable(503), r));
    clock.tick(Duration.ofSeconds(2));
    run(Wake::new);
    var result = run(r -> new CompleteAttempt(2, retryable(503), r));

    assertInstanceOf(ServiceCallFailed.class, result.event());
    assertEquals(2, result.reply().getValue().attempts());
    assertEquals(ServiceCallStatus.FAILED, result.reply().getValue().status());
  }

  @Test
  void completeAttempt_permanent_failsAtOnce() {
    submit(aSpecDueAt(T0));
    var result = run(r -> new CompleteAttempt(1, permanent(404), r));

    assertInstanceOf(ServiceCallFailed.class, result.event());
    assertEquals(ErrorKind.HTTP_STATUS, result.reply().getValue().error().kind());
  }

  @Test
  void completeAttempt_lateResultOfOldAttempt_isIgnored() {
    submit(aSpecDueAt(T0));
    run(r -> new CompleteAttempt(1, retryable(503), r));
    clock.tick(Duration.ofSeconds(2));
    run(Wake::new);
    var late = run(r -> new CompleteAttempt(1, success(), r));

    assertTrue(late.hasNoEvents());
    assertEquals(ServiceCallStatus.RUNNING, late.reply().getValue().status());
  }

  @Test
  void cancel_scheduled_endsCancelledAndNeverRuns() {
    submit(aSpecDueAt(T0.plusSeconds(60)));
    var result = run(r -> new Cancel("no longer needed", "acme", r));
    clock.tick(Duration.ofSeconds(61));
    var wake = run(Wake::new);

    assertEquals(ServiceCallStatus.CANCELLED, result.reply().getValue().status());
    assertTrue(wake.hasNoEvents());
    assertTrue(invoker.requests().isEmpty());
  }

  @Test
  void cancel_running_endsCancelledAndIgnoresTheAttemptsResult() {
    submit(aSpecDueAt(T0));
    run(r -> new Cancel("stop", "acme", r));
    var late = run(r -> new CompleteAttempt(1, success(), r));

    assertTrue(late.hasNoEvents());
    assertEquals(ServiceCallStatus.CANCELLED, late.reply().getValue().status());
  }

  @Test
  void cancel_terminal_isRejected() {
    submit(aSpecDueAt(T0));
    run(r -> new CompleteAttempt(1, success(), r));
    var result = run(r -> new Cancel("late", "acme", r));

    assertTrue(result.hasNoEvents());
    assertEquals(Rejection.ALREADY_TERMINAL, Rejection.of(result.reply().getError().getMessage()));
  }

  @Test
  void get_unknownCall_isNotFound() {
    var result = run(Get::new);

    assertEquals(Rejection.NOT_FOUND, Rejection.of(result.reply().getError().getMessage()));
  }

  @Test
  void recovery_runningWithoutLiveAttempt_resumesWithSameKeyWithoutChargingBudget() {
    var spec = aSpec(T0, new RetryPolicy(1, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10)));
    es.initialize(
        new ServiceCallScheduled(CALL_ID, spec, T0),
        new ExecutionStarted(CALL_ID, 1, false, T0.plusSeconds(35), null, T0));

    awaitCondition(() -> es.getState() instanceof ServiceCallState.Running r && r.attempt() == 2);
    awaitCondition(() -> invoker.requests().size() == 1);
    assertEquals(2, invoker.requests().get(0).attempt());
    assertEquals(CALL_ID.callId(), invoker.requests().get(0).idempotencyKey());
    // maximumAttempts = 1, yet the resumed attempt's failure is judged as the first charged one.
    var result = run(r -> new CompleteAttempt(2, success(), r));
    assertEquals(ServiceCallStatus.SUCCEEDED, result.reply().getValue().status());
  }

  @Test
  void recovery_tooManyInterruptions_failsAsInterrupted() {
    var spec = aSpecDueAt(T0);
    es.initialize(
        new ServiceCallScheduled(CALL_ID, spec, T0),
        new ExecutionStarted(CALL_ID, 1, false, T0.plusSeconds(35), null, T0),
        new ExecutionStarted(CALL_ID, 2, true, T0.plusSeconds(35), null, T0),
        new ExecutionStarted(CALL_ID, 3, true, T0.plusSeconds(35), null, T0));

    awaitCondition(() -> es.getState() instanceof ServiceCallState.Failed);
    var failed = (ServiceCallState.Failed) es.getState();
    assertEquals(ErrorKind.INTERRUPTED, failed.call().lastError().kind());
    assertTrue(invoker.requests().isEmpty());
  }

  @Test
  void restart_afterManyRetries_recoversSameStateFromSnapshotAndEvents() {
    var spec = aSpec(T0, new RetryPolicy(20, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1)));
    submit(spec);
    for (int attempt = 1; attempt <= 12; attempt++) {
      int a = attempt;
      run(r -> new CompleteAttempt(a, retryable(500), r));
      clock.tick(Duration.ofSeconds(2));
      run(Wake::new);
    }
    run(r -> new CompleteAttempt(13, success(), r));
    var before = es.getState();

    var snapshots =
        es.snapshotTestKit().orElseThrow().persistedInStorage("ServiceCall|" + CALL_ID.entityId());
    assertFalse(snapshots.isEmpty(), "snapshots were taken");
    assertEquals(ServiceCallStatus.SUCCEEDED, before.status());
    assertEquals(before, es.restart().state(), "snapshot plus later events give the same state");
  }
}
