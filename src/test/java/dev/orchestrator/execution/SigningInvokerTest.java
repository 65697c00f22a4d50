package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.orchestrator.config.SigningSettings;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.testing.FakeHttpInvoker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The decorator alone, against a recording delegate; what a receiver sees is in the loopback test.
 */
class SigningInvokerTest {
  private static final String SECRET = "whsec_" + "c2VjcmV0LWZvci1hY21lLXRlbmFudC0zMmI=";
  private static final Instant NOW = Instant.parse("2026-11-23T14:16:11.987654Z");
  private static final Map<String, String> FORGED =
      Map.of(
          "Webhook-Id", "forged",
          "WEBHOOK-TIMESTAMP", "1",
          "webhook-signature", "v1,forged",
          "X-Keep", "kept");

  private final FakeHttpInvoker delegate = new FakeHttpInvoker();
  private final WebhookSigner signer = new WebhookSigner(SigningSettings.parse("acme=" + SECRET));
  private final SigningInvoker invoker =
      new SigningInvoker(delegate, signer, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));

  private static OutboundRequest request(String tenant, Map<String, String> headers, String body) {
    return new OutboundRequest(
        new ServiceCallId(new TenantId(tenant), "call-1"),
        new CallRequest("POST", "http://127.0.0.1:1/hook", headers, body),
        2,
        "call-1",
        "corr-7",
        Duration.ofSeconds(5));
  }

  @Test
  void invoke_tenantWithSecret_addsHeadersAndKeepsEverythingElse() {
    var sent = request("acme", Map.of("Content-Type", "text/plain"), "héllo");

    invoker.invoke(sent);

    var got = delegate.requests().get(0);
    var expected = new TreeMap<>(sent.request().headers());
    expected.putAll(
        signer.headers(
            new TenantId("acme"),
            "call-1",
            NOW.getEpochSecond(),
            "héllo".getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, got.request().headers());
    assertEquals("1795443371", got.request().headers().get("webhook-timestamp"));
    assertEquals(
        new OutboundRequest(
            sent.callId(),
            new CallRequest("POST", "http://127.0.0.1:1/hook", expected, "héllo"),
            2,
            "call-1",
            "corr-7",
            Duration.ofSeconds(5)),
        got);
  }

  @Test
  void invoke_tenantWithoutSecret_passesRequestThroughUnchanged() {
    var sent = request("beta", Map.of("X-Keep", "kept"), "{}");

    invoker.invoke(sent);

    assertSame(sent, delegate.requests().get(0));
  }

  @Test
  void invoke_storedWebhookHeaders_areReplacedBySignedOnes() {
    invoker.invoke(request("acme", FORGED, null));

    var headers = delegate.requests().get(0).request().headers();
    assertEquals(
        Map.of(
            "X-Keep",
            "kept",
            "webhook-id",
            "call-1",
            "webhook-timestamp",
            Long.toString(NOW.getEpochSecond()),
            "webhook-signature",
            signer
                .headers(new TenantId("acme"), "call-1", NOW.getEpochSecond(), new byte[0])
                .get("webhook-signature")),
        headers);
  }

  @Test
  void invoke_storedWebhookHeadersOfUnsignedTenant_areDropped() {
    invoker.invoke(request("beta", FORGED, null));

    assertEquals(Map.of("X-Keep", "kept"), delegate.requests().get(0).request().headers());
  }

  @Test
  void invoke_delegateOutcome_isReturnedAsIs() throws Exception {
    var stage = invoker.invoke(request("acme", Map.of(), null));
    var outcome = OutcomeClassifier.timeout(Duration.ofSeconds(5));

    delegate.complete(0, outcome);

    assertSame(outcome, stage.toCompletableFuture().get());
  }
}
