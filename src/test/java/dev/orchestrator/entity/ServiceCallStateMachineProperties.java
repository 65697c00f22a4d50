package dev.orchestrator.entity;

import static dev.orchestrator.testing.ServiceCallFixtures.CALL_ID;
import static dev.orchestrator.testing.ServiceCallFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.config.EntitySettings;
import dev.orchestrator.domain.RetryPolicy;
import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.testing.FakeHttpInvoker;
import dev.orchestrator.testing.ManualClock;
import dev.orchestrator.testing.ServiceCallFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * Random command sequences against the real entity: a call never moves backwards, never leaves a
 * terminal state, never spends more attempts than its budget, and replaying its journal gives the
 * state it had.
 */
class ServiceCallStateMachineProperties {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf"))
              .withFallback(ConfigFactory.load()));

  /** Transitions a call may make in one command; anything else is moving backwards. */
  private static final Map<ServiceCallStatus, Set<ServiceCallStatus>> ALLOWED =
      Map.of(
          ServiceCallStatus.SCHEDULED,
          Set.of(
              ServiceCallStatus.SCHEDULED, ServiceCallStatus.RUNNING, ServiceCallStatus.CANCELLED),
          ServiceCallStatus.RUNNING,
          Set.of(ServiceCallStatus.values()),
          ServiceCallStatus.SUCCEEDED,
          Set.of(ServiceCallStatus.SUCCEEDED),
          ServiceCallStatus.FAILED,
          Set.of(ServiceCallStatus.FAILED),
          ServiceCallStatus.CANCELLED,
          Set.of(ServiceCallStatus.CANCELLED));

  /** One step of a random history. */
  sealed interface Step {}

  record SubmitStep(int dueInSeconds, int maxAttempts) implements Step {}

  record TickAndWake(int seconds) implements Step {}

  /** Completes the attempt at (current + delta): 0 is the live one, others are stale or bogus. */
  record Complete(int delta, int outcome) implements Step {}

  record CancelStep() implements Step {}

  @AfterContainer
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<Step> step =
        Arbitraries.oneOf(
            Arbitraries.integers()
                .between(0, 4)
                .flatMap(
                    d ->
                        Arbitraries.integers().between(1, 4).map(m -> (Step) new SubmitStep(d, m))),
            Arbitraries.integers().between(0, 3).map(s -> (Step) new TickAndWake(s)),
            Arbitraries.integers()
                .between(-1, 1)
                .flatMap(
                    d -> Arbitraries.integers().between(0, 2).map(o -> (Step) new Complete(d, o))),
            Arbitraries.just((Step) new CancelStep()));
    return step.list().ofMinSize(1).ofMaxSize(25);
  }

  @Property(tries = 60)
  void anyHistory_keepsTheLifecycleInvariants(@ForAll("histories") List<Step> history) {
    var clock = new ManualClock(T0);
    var es =
        EventSourcedBehaviorTestKit.<ServiceCallCommand, ServiceCallEvent, ServiceCallState>create(
            testKit.system(),
            ServiceCallEntity.create(
                CALL_ID,
                new EntitySettings(4, Duration.ofMinutes(2), 2, 5, Duration.ofSeconds(5)),
                new FakeHttpInvoker(),
                clock,
                new Random(3),
                null));
    es.clear();
    ServiceCallState before = es.getState();
    for (Step step : history) {
      run(es, clock, step, before);
      ServiceCallState after = es.getState();
      checkTransition(before, after);
      before = after;
    }
    if (!(before instanceof ServiceCallState.Running)
        && !(before instanceof ServiceCallState.Empty)) {
      assertEquals(before, es.restart().state(), "replaying the journal gives the same state");
    }
  }

  private static void run(
      EventSourcedBehaviorTestKit<ServiceCallCommand, ServiceCallEvent, ServiceCallState> es,
      ManualClock clock,
      Step step,
      ServiceCallState state) {
    if (step instanceof SubmitStep s) {
      var policy =
          new RetryPolicy(s.maxAttempts(), Duration.ofSeconds(1), 2.0, Duration.ofSeconds(4));
      var spec = ServiceCallFixtures.aSpec(T0.plusSeconds(s.dueInSeconds()), policy);
      es.<StatusReply<Summary>>runCommand(r -> new ServiceCallCommand.Submit(spec, r));
    } else if (step instanceof TickAndWake t) {
      clock.tick(Duration.ofSeconds(t.seconds()));
      es.<StatusReply<Summary>>runCommand(ServiceCallCommand.Wake::new);
    } else if (step instanceof Complete c) {
      int current = state.call() == null ? 0 : state.call().attempts();
      var outcome =
          switch (c.outcome()) {
            case 0 -> ServiceCallFixtures.success();
            case 1 -> ServiceCallFixtures.retryable(503);
            default -> ServiceCallFixtures.permanent(404);
          };
      es.<StatusReply<Summary>>runCommand(
          r -> new ServiceCallCommand.CompleteAttempt(current + c.delta(), outcome, r));
    } else {
      es.<StatusReply<Summary>>runCommand(r -> new ServiceCallCommand.Cancel("test", "acme", r));
    }
  }

  private static void checkTransition(ServiceCallState before, ServiceCallState after) {
    if (before instanceof ServiceCallState.Empty) {
      return;
    }
    assertTrue(
        ALLOWED.get(before.status()).contains(after.status()),
        before.status() + " -> " + after.status());
    if (before.status().terminal()) {
      assertEquals(before, after, "a terminal call never changes");
    }
    assertTrue(after.call().attempts() >= before.call().attempts(), "attempts never decrease");
    assertTrue(
        after.call().attemptsCharged() <= after.call().spec().retry().maximumAttempts(),
        "attempts charged within the budget");
  }
}
