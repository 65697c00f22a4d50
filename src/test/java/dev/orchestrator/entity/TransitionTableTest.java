package dev.orchestrator.entity;

import static dev.orchestrator.testing.ServiceCallFixtures.CALL_ID;
import static dev.orchestrator.testing.ServiceCallFixtures.T0;
import static dev.orchestrator.testing.ServiceCallFixtures.aSpecDueAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.config.EntitySettings;
import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.testing.FakeHttpInvoker;
import dev.orchestrator.testing.ManualClock;
import dev.orchestrator.testing.ServiceCallFixtures;
import java.time.Duration;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command in every phase: whether it is accepted, how many events it writes, the status it
 * leaves, and that a restart recovers that status.
 */
class TransitionTableTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf"))
              .withFallback(ConfigFactory.load()));

  enum Phase {
    EMPTY,
    SCHEDULED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  enum Cmd {
    SUBMIT_SAME,
    SUBMIT_DIFFERENT,
    GET,
    CANCEL,
    WAKE_NOT_DUE,
    COMPLETE_CURRENT_OK,
    COMPLETE_STALE
  }

  /** Expected result: rejection code (null = accepted), events written, status after. */
  record Expect(Rejection rejection, int events, ServiceCallStatus status) {}

  private static final Expect NOT_FOUND = new Expect(Rejection.NOT_FOUND, 0, null);

  private static Expect ok(int events, ServiceCallStatus status) {
    return new Expect(null, events, status);
  }

  static Stream<Arguments> table() {
    var S = ServiceCallStatus.SCHEDULED;
    var R = ServiceCallStatus.RUNNING;
    var OK = ServiceCallStatus.SUCCEEDED;
    var F = ServiceCallStatus.FAILED;
    var C = ServiceCallStatus.CANCELLED;
    var conflict = Rejection.IDEMPOTENCY_CONFLICT;
    return Stream.of(
            row(Phase.EMPTY, Cmd.SUBMIT_SAME, ok(1, S)),
            row(Phase.EMPTY, Cmd.SUBMIT_DIFFERENT, ok(1, S)),
            row(Phase.EMPTY, Cmd.GET, NOT_FOUND),
            row(Phase.EMPTY, Cmd.CANCEL, NOT_FOUND),
            row(Phase.EMPTY, Cmd.WAKE_NOT_DUE, NOT_FOUND),
            row(Phase.EMPTY, Cmd.COMPLETE_CURRENT_OK, NOT_FOUND),
            row(Phase.EMPTY, Cmd.COMPLETE_STALE, NOT_FOUND),
            row(Phase.SCHEDULED, Cmd.SUBMIT_SAME, ok(0, S)),
            row(Phase.SCHEDULED, Cmd.SUBMIT_DIFFERENT, new Expect(conflict, 0, S)),
            row(Phase.SCHEDULED, Cmd.GET, ok(0, S)),
            row(Phase.SCHEDULED, Cmd.CANCEL, ok(1, C)),
            row(Phase.SCHEDULED, Cmd.WAKE_NOT_DUE, ok(0, S)),
            row(Phase.SCHEDULED, Cmd.COMPLETE_CURRENT_OK, ok(0, S)),
            row(Phase.SCHEDULED, Cmd.COMPLETE_STALE, ok(0, S)),
            row(Phase.RUNNING, Cmd.SUBMIT_SAME, ok(0, R)),
            row(Phase.RUNNING, Cmd.SUBMIT_DIFFERENT, new Expect(conflict, 0, R)),
            row(Phase.RUNNING, Cmd.GET, ok(0, R)),
            row(Phase.RUNNING, Cmd.CANCEL, ok(1, C)),
            row(Phase.RUNNING, Cmd.WAKE_NOT_DUE, ok(0, R)),
            row(Phase.RUNNING, Cmd.COMPLETE_CURRENT_OK, ok(1, OK)),
            row(Phase.RUNNING, Cmd.COMPLETE_STALE, ok(0, R)),
            terminal(Phase.SUCCEEDED, OK),
            terminal(Phase.FAILED, F),
            terminal(Phase.CANCELLED, C))
        .flatMap(s -> s);
  }

  private static Stream<Arguments> row(Phase p, Cmd c, Expect e) {
    return Stream.of(Arguments.of(p, c, e));
  }

  private static Stream<Arguments> terminal(Phase p, ServiceCallStatus s) {
    return Stream.of(
        Arguments.of(p, Cmd.SUBMIT_SAME, ok(0, s)),
        Arguments.of(p, Cmd.SUBMIT_DIFFERENT, new Expect(Rejection.IDEMPOTENCY_CONFLICT, 0, s)),
        Arguments.of(p, Cmd.GET, ok(0, s)),
        Arguments.of(p, Cmd.CANCEL, new Expect(Rejection.ALREADY_TERMINAL, 0, s)),
        Arguments.of(p, Cmd.WAKE_NOT_DUE, ok(0, s)),
        Arguments.of(p, Cmd.COMPLETE_CURRENT_OK, ok(0, s)),
        Arguments.of(p, Cmd.COMPLETE_STALE, ok(0, s)));
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @MethodSource("table")
  void command_inPhase_hasTheTabledOutcome(Phase phase, Cmd cmd, Expect expect) {
    var clock = new ManualClock(T0);
    var es =
        EventSourcedBehaviorTestKit.<ServiceCallCommand, ServiceCallEvent, ServiceCallState>create(
            testKit.system(),
            ServiceCallEntity.create(
                CALL_ID,
                new EntitySettings(4, Duration.ofMinutes(2), 2, 10, Duration.ofSeconds(5)),
                new FakeHttpInvoker(),
                clock,
                new Random(5),
                null),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    es.clear();
    reach(es, clock, phase);
    var current = es.getState().call() == null ? 0 : es.getState().call().attempts();

    var result = es.<StatusReply<Summary>>runCommand(command(cmd, current));

    if (expect.rejection() == null) {
      assertEquals(true, result.reply().isSuccess(), () -> result.reply().toString());
      assertEquals(expect.status(), result.reply().getValue().status());
    } else {
      assertEquals(expect.rejection(), Rejection.of(result.reply().getError().getMessage()));
    }
    assertEquals(expect.events(), result.events().size());
    if (expect.status() != null && expect.status() != ServiceCallStatus.RUNNING) {
      assertEquals(expect.status(), es.restart().state().status(), "recovered from the journal");
    }
  }

  private static Function<ActorRef<StatusReply<Summary>>, ServiceCallCommand> command(
      Cmd cmd, int currentAttempt) {
    return switch (cmd) {
      case SUBMIT_SAME -> r -> new ServiceCallCommand.Submit(specFor(), r);
      case SUBMIT_DIFFERENT ->
          r -> new ServiceCallCommand.Submit(aSpecDueAt(T0.plusSeconds(999)), r);
      case GET -> ServiceCallCommand.Get::new;
      case CANCEL -> r -> new ServiceCallCommand.Cancel("table", "acme", r);
      case WAKE_NOT_DUE -> ServiceCallCommand.Wake::new;
      case COMPLETE_CURRENT_OK ->
          r ->
              new ServiceCallCommand.CompleteAttempt(
                  currentAttempt, ServiceCallFixtures.success(), r);
      case COMPLETE_STALE ->
          r ->
              new ServiceCallCommand.CompleteAttempt(
                  currentAttempt + 7, ServiceCallFixtures.success(), r);
    };
  }

  // Every phase is reached with this spec, so SUBMIT_SAME is always a true repeat.
  private static dev.orchestrator.domain.CallSpec specFor() {
    return aSpecDueAt(T0.plusSeconds(60));
  }

  private static void reach(
      EventSourcedBehaviorTestKit<ServiceCallCommand, ServiceCallEvent, ServiceCallState> es,
      ManualClock clock,
      Phase phase) {
    if (phase == Phase.EMPTY) {
      return;
    }
    es.<StatusReply<Summary>>runCommand(r -> new ServiceCallCommand.Submit(specFor(), r));
    switch (phase) {
      case CANCELLED ->
          es.<StatusReply<Summary>>runCommand(
              r -> new ServiceCallCommand.Cancel("setup", "acme", r));
      case RUNNING, SUCCEEDED, FAILED -> {
        clock.tick(Duration.ofSeconds(60));
        es.<StatusReply<Summary>>runCommand(ServiceCallCommand.Wake::new);
        if (phase != Phase.RUNNING) {
          var outcome =
              phase == Phase.SUCCEEDED
                  ? ServiceCallFixtures.success()
                  : ServiceCallFixtures.permanent(404);
          es.<StatusReply<Summary>>runCommand(
              r -> new ServiceCallCommand.CompleteAttempt(1, outcome, r));
        }
      }
      default -> {}
    }
    assertEquals(phase.name(), es.getState().status().name(), "setup reached the phase");
  }
}
