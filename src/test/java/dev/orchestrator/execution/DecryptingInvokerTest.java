package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.secrets.SecretsKeys;
import dev.orchestrator.testing.FakeHttpInvoker;
import dev.orchestrator.testing.ServiceCallFixtures;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DecryptingInvokerTest {
  private static final HeaderCipher CIPHER = cipher();

  private static HeaderCipher cipher() {
    return HeaderCipher.create(Base64.getDecoder().decode(SecretsKeys.generate()), List.of());
  }

  private static OutboundRequest sealedRequest(HeaderCipher cipher) {
    var plain =
        new CallRequest(
            "GET",
            "https://example.test/",
            Map.of("Authorization", "Bearer s3cr3t", "Accept", "text/plain"),
            null);
    return new OutboundRequest(
        ServiceCallFixtures.CALL_ID,
        cipher.seal(ServiceCallFixtures.CALL_ID, plain),
        2,
        "key",
        "corr",
        Duration.ofSeconds(1));
  }

  @Test
  void invoke_sealedHeaders_delegateSeesPlaintextAndEverythingElseUnchanged() {
    var target = new FakeHttpInvoker();
    var sealed = sealedRequest(CIPHER);

    new DecryptingInvoker(target, CIPHER).invoke(sealed);

    var sent = target.requests().get(0);
    assertEquals("Bearer s3cr3t", sent.request().headers().get("Authorization"));
    assertEquals("text/plain", sent.request().headers().get("Accept"));
    assertEquals(sealed.callId(), sent.callId());
    assertEquals(2, sent.attempt());
    assertEquals("key", sent.idempotencyKey());
    assertEquals("corr", sent.correlationId());
    assertEquals(Duration.ofSeconds(1), sent.timeout());
  }

  @Test
  void invoke_keyChanged_failsPermanentlyAsInvalidRequestAndSendsNothing() throws Exception {
    var target = new FakeHttpInvoker();
    var sealed = sealedRequest(cipher());

    AttemptOutcome outcome =
        new DecryptingInvoker(target, CIPHER)
            .invoke(sealed)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);

    var failure = assertInstanceOf(AttemptOutcome.PermanentFailure.class, outcome);
    assertEquals(ErrorKind.INVALID_REQUEST, failure.error().kind());
    assertTrue(failure.error().message().contains("secrets key"), failure.error().message());
    assertTrue(failure.error().message().contains("changed"), failure.error().message());
    assertFalse(failure.error().message().contains("s3cr3t"));
    assertTrue(target.requests().isEmpty());
  }
}
