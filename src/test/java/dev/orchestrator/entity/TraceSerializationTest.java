package dev.orchestrator.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.domain.TraceContext;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallScheduled;
import dev.orchestrator.testing.JournalSerialization;
import dev.orchestrator.testing.ServiceCallFixtures;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The trace context added to CallSpec is a schema change of the journal: events written before it
 * (no {@code trace} field) must still be read, with no trace, by the production serializer.
 */
class TraceSerializationTest {
  private static final ActorTestKit KIT = JournalSerialization.testKit("trace-serialization");

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static final TraceContext TRACE =
      TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "k=v")
          .orElseThrow();

  @Test
  void eventWithTrace_roundTrips_andOneWrittenWithoutTheField_readsAsNoTrace() throws Exception {
    var serialization = SerializationExtension.get(KIT.system());
    var spec = ServiceCallFixtures.aSpecDueAt(ServiceCallFixtures.T0).withTrace(TRACE);
    var event = new ServiceCallScheduled(ServiceCallFixtures.CALL_ID, spec, ServiceCallFixtures.T0);
    var serializer = serialization.findSerializerFor(event);
    String manifest = Serializers.manifestFor(serializer, event);
    byte[] bytes = serialization.serialize(event).get();

    var back =
        (ServiceCallScheduled)
            serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    assertEquals(TRACE, back.spec().trace());

    // The same event as an older node wrote it: the spec has no "trace" field at all.
    var cbor = JournalSerialization.cbor();
    var tree = (ObjectNode) cbor.readTree(bytes);
    assertTrue(((ObjectNode) tree.get("spec")).remove("trace") != null, tree.toString());
    byte[] old = cbor.writeValueAsBytes(tree);
    var oldEvent =
        (ServiceCallScheduled)
            serialization.deserialize(old, serializer.identifier(), manifest).get();
    assertNull(oldEvent.spec().trace());
    assertEquals(spec.withTrace(null), oldEvent.spec());
  }
}
