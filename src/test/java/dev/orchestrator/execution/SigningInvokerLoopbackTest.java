package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.orchestrator.config.InvokerSettings;
import dev.orchestrator.config.SigningSettings;
import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signed requests as a real receiver gets them over loopback, checked with the independent Standard
 * Webhooks library (which verifies against the wall clock with a 5 min tolerance).
 */
class SigningInvokerLoopbackTest {
  private static final String SECRET_A = newSecret();
  private static final String SECRET_A_NEXT = newSecret();
  private static final String SECRET_B = newSecret();
  private static final String BODY = "{\"name\":\"Zoë — 東京 🚀\",\"note\":\"naïve café\"}";
  private static ActorSystem<Void> system;
  private static PekkoHttpInvoker http;

  @BeforeAll
  static void startSystem() {
    system = PekkoHttpInvokerTest.newSystem();
    http = new PekkoHttpInvoker(system, InvokerSettings.defaults(), AddressVetter.UNRESTRICTED);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    PekkoHttpInvokerTest.stop(system);
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  private static SigningInvoker signing(String spec, Clock clock) {
    return new SigningInvoker(http, new WebhookSigner(SigningSettings.parse(spec)), clock);
  }

  /** Sends one attempt of tenant's call to a fresh target and returns what the target got. */
  private static LoopbackTarget.Received send(
      HttpInvoker invoker, String tenant, int attempt, String body) throws Exception {
    try (var target = LoopbackTarget.answering(200, Map.of(), "")) {
      var request =
          new OutboundRequest(
              new ServiceCallId(new TenantId(tenant), "call-" + tenant),
              new CallRequest(
                  "POST", target.url("/hook"), Map.of("Content-Type", "application/json"), body),
              attempt,
              "call-" + tenant,
              null,
              PekkoHttpInvokerTest.TIMEOUT);
      assertInstanceOf(AttemptOutcome.Success.class, PekkoHttpInvokerTest.await(invoker, request));
      assertEquals(1, target.received().size());
      return target.received().get(0);
    }
  }

  // What a receiver does: the raw body bytes decoded as UTF-8, the headers as received.
  private static void verify(String secret, LoopbackTarget.Received got) throws Exception {
    new Webhook(secret).verify(new String(got.body(), StandardCharsets.UTF_8), got.headers());
  }

  @Test
  void invoke_twoAttemptsOfOneCall_bothVerifyWithSameIdAndOwnTimestamp() throws Exception {
    var clock = new ManualClock(Instant.now());
    var invoker = signing("tenant-a=" + SECRET_A, clock);

    var first = send(invoker, "tenant-a", 1, BODY);
    clock.tick(Duration.ofSeconds(7));
    var second = send(invoker, "tenant-a", 2, BODY);

    verify(SECRET_A, first);
    verify(SECRET_A, second);
    assertEquals("call-tenant-a", first.header("webhook-id"));
    assertEquals(first.header("webhook-id"), second.header("webhook-id"));
    assertEquals(first.header("Idempotency-Key"), first.header("webhook-id"));
    long t1 = Long.parseLong(first.header("webhook-timestamp"));
    assertEquals(t1 + 7, Long.parseLong(second.header("webhook-timestamp")));
    assertNotEquals(first.header("webhook-signature"), second.header("webhook-signature"));
  }

  @Test
  void invoke_nonAsciiBody_signatureCoversExactBytesSent() throws Exception {
    var got = send(signing("tenant-a=" + SECRET_A, Clock.systemUTC()), "tenant-a", 1, BODY);

    assertArrayEquals(BODY.getBytes(StandardCharsets.UTF_8), got.body());
    verify(SECRET_A, got);
    // The same bytes read as Latin-1 are a different payload: the signature is over bytes, not
    // text.
    assertThrows(
        WebhookVerificationException.class,
        () ->
            new Webhook(SECRET_A)
                .verify(new String(got.body(), StandardCharsets.ISO_8859_1), got.headers()));
  }

  @Test
  void invoke_emptyBody_verifiesAsEmptyPayload() throws Exception {
    var got = send(signing("tenant-a=" + SECRET_A, Clock.systemUTC()), "tenant-a", 1, null);

    assertEquals(0, got.body().length);
    verify(SECRET_A, got);
  }

  @Test
  void invoke_otherTenantsSecret_doesNotVerify() throws Exception {
    var invoker = signing("tenant-a=" + SECRET_A + ",tenant-b=" + SECRET_B, Clock.systemUTC());

    var forB = send(invoker, "tenant-b", 1, BODY);

    verify(SECRET_B, forB);
    var e = assertThrows(WebhookVerificationException.class, () -> verify(SECRET_A, forB));
    assertEquals("No matching signature found", e.getMessage());
  }

  @Test
  void invoke_duringRotation_carriesBothSignaturesAndEitherSecretVerifies() throws Exception {
    var invoker = signing("tenant-a=" + SECRET_A + ",tenant-a=" + SECRET_A_NEXT, Clock.systemUTC());

    var got = send(invoker, "tenant-a", 1, BODY);

    String[] signatures = got.header("webhook-signature").split(" ");
    assertEquals(2, signatures.length, got.header("webhook-signature"));
    assertTrue(signatures[0].startsWith("v1,") && signatures[1].startsWith("v1,"));
    assertDoesNotThrow(() -> verify(SECRET_A, got));
    assertDoesNotThrow(() -> verify(SECRET_A_NEXT, got));
    assertThrows(WebhookVerificationException.class, () -> verify(SECRET_B, got));
  }

  @Test
  void invoke_timestampOlderThanTolerance_failsReceiverCheck() throws Exception {
    // The usual receiver window is 5 min: a request signed 4 min ago is still fresh, one signed 6
    // min ago looks like a replay.
    var fourMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-4));
    var sixMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));

    var fresh = send(signing("tenant-a=" + SECRET_A, fourMinutesAgo), "tenant-a", 1, BODY);
    var stale = send(signing("tenant-a=" + SECRET_A, sixMinutesAgo), "tenant-a", 1, BODY);

    verify(SECRET_A, fresh);
    var e = assertThrows(WebhookVerificationException.class, () -> verify(SECRET_A, stale));
    assertEquals("Message timestamp too old", e.getMessage());
  }

  @Test
  void invoke_tenantWithoutSecret_isSentUnsigned() throws Exception {
    var got = send(signing("tenant-a=" + SECRET_A, Clock.systemUTC()), "tenant-b", 1, BODY);

    assertNull(got.header("webhook-id"));
    assertNull(got.header("webhook-timestamp"));
    assertNull(got.header("webhook-signature"));
    assertEquals("call-tenant-b", got.header("Idempotency-Key"));
  }
}
