package dev.orchestrator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** For tests of what the journal stores: the production serializer, and raw CBOR to look inside. */
public final class JournalSerialization {
  private JournalSerialization() {}

  /** A local actor system with the production serialization settings. */
  public static ActorTestKit testKit(String name) {
    return ActorTestKit.create(
        name,
        ConfigFactory.parseResources("serialization.conf")
            .withFallback(ConfigFactory.parseString("pekko.actor.provider = local")));
  }

  /** A plain CBOR mapper: reads a stored payload as a tree, writes one as older nodes did. */
  public static ObjectMapper cbor() {
    return new ObjectMapper(new CBORFactory());
  }
}
