package dev.orchestrator.entity;

import static dev.orchestrator.testing.ServiceCallFixtures.CALL_ID;
import static dev.orchestrator.testing.ServiceCallFixtures.T0;
import static dev.orchestrator.testing.ServiceCallFixtures.aSpecDueAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.config.EntitySettings;
import dev.orchestrator.testing.FakeHttpInvoker;
import dev.orchestrator.testing.ManualClock;
import java.time.Duration;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A write the journal refuses: the caller hears STORAGE_UNAVAILABLE at once (not at its ask
 * timeout), and the entity is restarted with backoff and accepts the retry (K9: never left
 * stopped).
 */
class ServiceCallEntityPersistFailureTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf"))
              .withFallback(ConfigFactory.load()));
  private static final EntitySettings SETTINGS =
      new EntitySettings(4, Duration.ofMinutes(2), 2, 10, Duration.ofSeconds(5));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void submit_persistFails_repliesStorageUnavailableThenRestartsAndAcceptsRetry() {
    var journal = PersistenceTestKit.create(testKit.system());
    var entity =
        testKit.spawn(
            ServiceCallEntity.create(
                CALL_ID,
                SETTINGS,
                new FakeHttpInvoker(),
                new ManualClock(T0),
                new Random(1),
                null));
    TestProbe<StatusReply<Summary>> probe = testKit.createTestProbe();
    var spec = aSpecDueAt(T0.plusSeconds(60));

    journal.failNextPersisted();
    entity.tell(new ServiceCallCommand.Submit(spec, probe.ref()));

    var refused = probe.expectMessageClass(StatusReply.class, Duration.ofSeconds(3));
    assertTrue(refused.isError(), refused.toString());
    assertEquals(
        Rejection.STORAGE_UNAVAILABLE, Rejection.of(refused.getError().getMessage()), "reply");

    // Restarted after its backoff (200 ms), the same entity takes the client's retry.
    entity.tell(new ServiceCallCommand.Submit(spec, probe.ref()));
    var accepted = probe.expectMessageClass(StatusReply.class, Duration.ofSeconds(5));
    assertTrue(accepted.isSuccess(), accepted.toString());
    assertTrue(((Summary) accepted.getValue()).created());
    journal.expectNextPersistedClass(
        "ServiceCall|" + CALL_ID.entityId(), ServiceCallEvent.ServiceCallScheduled.class);
  }
}
