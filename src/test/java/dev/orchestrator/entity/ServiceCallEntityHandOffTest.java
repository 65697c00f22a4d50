package dev.orchestrator.entity;

import static dev.orchestrator.testing.ServiceCallFixtures.T0;
import static dev.orchestrator.testing.ServiceCallFixtures.aSpecDueAt;
import static dev.orchestrator.testing.ServiceCallFixtures.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.config.EntitySettings;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.entity.ServiceCallCommand.Get;
import dev.orchestrator.entity.ServiceCallCommand.HandOff;
import dev.orchestrator.entity.ServiceCallCommand.Submit;
import dev.orchestrator.entity.ServiceCallCommand.Wake;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.FakeHttpInvoker;
import dev.orchestrator.testing.ManualClock;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Sharding stops entities with {@link HandOff#STOP} (graceful leave, rebalance, passivation). An
 * entity with an attempt in flight must record that attempt's result before it stops, so a graceful
 * leave neither repeats the request elsewhere nor loses its outcome.
 */
class ServiceCallEntityHandOffTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf"))
              .withFallback(ConfigFactory.load()));
  private static final Duration DRAIN = Duration.ofSeconds(1);
  private static final EntitySettings SETTINGS =
      new EntitySettings(4, Duration.ofMinutes(2), 3, 10, DRAIN);

  private final ManualClock clock = new ManualClock(T0);
  private final FakeHttpInvoker invoker = new FakeHttpInvoker();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static ServiceCallId newId() {
    return new ServiceCallId(new TenantId("acme"), UUID.randomUUID().toString());
  }

  private ActorRef<ServiceCallCommand> spawn(ServiceCallId id) {
    return testKit.spawn(
        ServiceCallEntity.create(id, SETTINGS, invoker, clock, new Random(1), null));
  }

  private ActorRef<ServiceCallCommand> spawnWithAttemptInFlight(ServiceCallId id) {
    var entity = spawn(id);
    ask(entity, r -> new Submit(aSpecDueAt(T0), r));
    Await.until(Duration.ofSeconds(5), "attempt 1 sent", () -> invoker.requests().size() == 1);
    return entity;
  }

  private static Summary ask(
      ActorRef<ServiceCallCommand> entity,
      java.util.function.Function<ActorRef<StatusReply<Summary>>, ServiceCallCommand> cmd) {
    TestProbe<StatusReply<Summary>> probe = testKit.createTestProbe();
    entity.tell(cmd.apply(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(5)).getValue();
  }

  @Test
  void handOff_whileAttemptInFlight_recordsItsResultThenStops_andNothingRunsAgain() {
    ServiceCallId id = newId();
    var entity = spawnWithAttemptInFlight(id);

    TestProbe<Object> watcher = testKit.createTestProbe();
    entity.tell(HandOff.STOP);
    // Still serving while it drains: a Get is answered and the call is still running.
    assertEquals(ServiceCallStatus.RUNNING, ask(entity, Get::new).status());

    invoker.complete(0, success());
    watcher.expectTerminated(entity, Duration.ofSeconds(5));

    // The next incarnation (the new owner) finds the result recorded and sends nothing more.
    var next = spawn(id);
    assertEquals(ServiceCallStatus.SUCCEEDED, ask(next, Wake::new).status());
    assertEquals(1, invoker.requests().size());
  }

  @Test
  void handOff_whenAttemptOutlivesTheDrainTime_stopsAnyway_andTheNextOwnerResumesWithSameKey() {
    ServiceCallId id = newId();
    var entity = spawnWithAttemptInFlight(id);

    TestProbe<Object> watcher = testKit.createTestProbe();
    entity.tell(HandOff.STOP);
    watcher.expectTerminated(entity, DRAIN.plusSeconds(5));

    var next = spawn(id);
    Await.until(
        Duration.ofSeconds(5), "interrupted attempt resumed", () -> invoker.requests().size() == 2);
    var resumed = invoker.requests().get(1);
    assertEquals(2, resumed.attempt());
    assertEquals(invoker.requests().get(0).idempotencyKey(), resumed.idempotencyKey());
    invoker.complete(1, success());
    Await.until(
        Duration.ofSeconds(5),
        "resumed attempt recorded",
        () -> ask(next, Get::new).status() == ServiceCallStatus.SUCCEEDED);
  }

  @Test
  void handOff_withoutAttemptInFlight_stopsAtOnce() {
    var entity = spawn(newId());
    var summary = ask(entity, r -> new Submit(aSpecDueAt(T0.plusSeconds(30)), r));
    assertTrue(summary.created());

    TestProbe<Object> watcher = testKit.createTestProbe();
    entity.tell(HandOff.STOP);
    watcher.expectTerminated(entity, Duration.ofSeconds(5));
    assertTrue(invoker.requests().isEmpty());
  }
}
