package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TargetServer.Reply;
import dev.orchestrator.testing.TestNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole node with {@code SIGNING_SECRETS} for tenant-a only: every attempt the target receives
 * verifies with the independent Standard Webhooks library, and tenant-b's calls go out unsigned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String FAST_RETRY =
      ",\"retry\":{\"maxAttempts\":3,\"initialBackoff\":\"PT0.1S\",\"maxBackoff\":\"PT0.2S\"}";

  private final String secretA = newSecret();
  private TargetServer target;
  private TestNode node;

  private static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  @BeforeAll
  void start() throws Exception {
    target = new TargetServer();
    node =
        TestNode.start(
            TestNode.h2Memory("signing"),
            "",
            target.port(),
            Map.of("orchestrator.signing-secrets", "tenant-a=" + secretA));
  }

  @AfterAll
  void stop() {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      target.close();
    }
  }

  private String submit(ApiClient api, String tenant, String path) {
    String json =
        "{\"name\":\"signed\",\"request\":{\"method\":\"POST\",\"url\":\""
            + target.url(path)
            + "\",\"headers\":{\"Content-Type\":\"application/json\"},"
            + "\"body\":\"{\\\"city\\\":\\\"Zürich → 東京\\\"}\"}"
            + FAST_RETRY
            + "}";
    var r = api.submit(tenant, json);
    assertEquals(201, r.status(), r.body());
    return r.json().get("serviceCallId").asText();
  }

  private void awaitSucceeded(ApiClient api, String tenant, String id) {
    Await.value(
        WAIT,
        id + " to succeed",
        () -> api.call(tenant, id),
        r -> r.status() == 200 && "SUCCEEDED".equals(r.json().get("status").asText()));
  }

  @Test
  void retriedCall_everyAttemptVerifiesWithSameWebhookId() throws Exception {
    String path = "/signed-" + UUID.randomUUID();
    target.script(path, Reply.status(503), Reply.status(200));
    var api = node.client(TestNode.KEY_A);

    String id = submit(api, "tenant-a", path);
    awaitSucceeded(api, "tenant-a", id);

    List<TargetServer.Received> got = target.receivedOn(path);
    assertEquals(2, got.size());
    var receiver = new Webhook(secretA);
    for (var attempt : got) {
      receiver.verify(attempt.body(), attempt.headers());
      assertEquals(id, attempt.header("webhook-id"));
      assertEquals(1, attempt.header("webhook-signature").split(" ").length, "one secret, one v1");
    }
    assertEquals(List.of("1", "2"), got.stream().map(r -> r.header("X-Attempt")).toList());
    long first = Long.parseLong(got.get(0).header("webhook-timestamp"));
    long second = Long.parseLong(got.get(1).header("webhook-timestamp"));
    // Each attempt carries its own send time; the retry came 0.1-0.2 s later.
    assertTrue(first <= second && second - first <= 5, first + " then " + second);
    assertEquals("{\"city\":\"Zürich → 東京\"}", got.get(0).body());
  }

  @Test
  void tenantWithoutSecret_isDeliveredUnsigned() {
    String path = "/unsigned-" + UUID.randomUUID();
    var api = node.client(TestNode.KEY_B);

    String id = submit(api, "tenant-b", path);
    awaitSucceeded(api, "tenant-b", id);

    var got = target.receivedOn(path);
    assertEquals(1, got.size());
    assertNull(got.get(0).header("webhook-id"));
    assertNull(got.get(0).header("webhook-timestamp"));
    assertNull(got.get(0).header("webhook-signature"));
    assertEquals(id, got.get(0).header("Idempotency-Key"));
  }
}
