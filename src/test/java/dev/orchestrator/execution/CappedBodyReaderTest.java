package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.junit.jupiter.api.Test;

/** A body that came with its head is read in place; no stream, so no materializer is needed. */
class CappedBodyReaderTest {
  @Test
  void strictBody_underTheCap_isReadWhole() throws Exception {
    var reading =
        CappedBodyReader.start(
            HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "hello"), 10, null);

    assertEquals("hello", reading.bytes().toCompletableFuture().get().utf8String());
    reading.cut().run(); // nothing left to cut; must not fail
  }

  @Test
  void strictBody_overTheCap_keepsOnlyTheCap() throws Exception {
    var reading =
        CappedBodyReader.start(
            HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "0123456789ABCDEF"), 10, null);

    assertEquals("0123456789", reading.bytes().toCompletableFuture().get().utf8String());
  }
}
