package dev.orchestrator.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.orchestrator.entity.ServiceCallEvent.ExecutionStarted;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallScheduled;
import dev.orchestrator.testing.JournalSerialization;
import dev.orchestrator.testing.ServiceCallFixtures;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Journal events carry instants and durations as numbers (seconds.nanoseconds); earlier versions
 * wrote them as ISO-8601 text. Both must read back to the same event, to the nanosecond.
 */
class EventTimeEncodingTest {
  private static final ActorTestKit KIT = JournalSerialization.testKit("event-time-encoding");

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static final Instant AT = ServiceCallFixtures.T0.plusNanos(123_456_789);

  private static final ServiceCallScheduled SCHEDULED =
      new ServiceCallScheduled(
          ServiceCallFixtures.CALL_ID,
          ServiceCallFixtures.aSpecDueAt(AT.plusSeconds(5).plusNanos(1)),
          AT);

  private static final ExecutionStarted STARTED =
      new ExecutionStarted(
          ServiceCallFixtures.CALL_ID, 1, false, AT.plusSeconds(35), "127.0.0.1:2552", AT);

  @Test
  void newEvents_writeTimesAsNumbers_andReadBackToTheNanosecond() throws Exception {
    for (ServiceCallEvent event : new ServiceCallEvent[] {SCHEDULED, STARTED}) {
      byte[] bytes = serialization().serialize(event).get();

      JsonNode tree = JournalSerialization.cbor().readTree(bytes);
      assertTrue(tree.get("at").isNumber(), tree::toString);
      assertEquals(event, read(bytes, event));
    }
    JsonNode spec =
        JournalSerialization.cbor()
            .readTree(serialization().serialize(SCHEDULED).get())
            .get("spec");
    assertTrue(spec.get("dueAt").isNumber(), spec::toString);
    assertTrue(spec.get("timeout").isNumber(), spec::toString);
  }

  @Test
  void eventsWrittenWithTextTimes_byEarlierVersions_stillRead() throws Exception {
    // The mapper earlier versions used: Pekko's defaults, times as ISO-8601 text.
    ObjectMapper older =
        JacksonObjectMapperProvider.get(KIT.system())
            .create("jackson-cbor-before-numeric-times", Optional.of(new CBORFactory()));
    for (ServiceCallEvent event : new ServiceCallEvent[] {SCHEDULED, STARTED}) {
      byte[] bytes = older.writeValueAsBytes(event);

      JsonNode tree = JournalSerialization.cbor().readTree(bytes);
      assertTrue(tree.get("at").isTextual(), tree::toString);
      assertEquals(event, read(bytes, event));
    }
  }

  private static Serialization serialization() {
    return SerializationExtension.get(KIT.system());
  }

  private static Object read(byte[] bytes, ServiceCallEvent like) {
    var serializer = serialization().findSerializerFor(like);
    String manifest = Serializers.manifestFor(serializer, like);
    return serialization().deserialize(bytes, serializer.identifier(), manifest).get();
  }
}
