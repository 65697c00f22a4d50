package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.config.SigningSettings;
import dev.orchestrator.domain.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  // The published Standard Webhooks / Svix example: secret, message id, timestamp, payload and the
  // signature every conforming implementation must produce.
  private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TIMESTAMP = 1614265330L;
  private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final String OTHER_SECRET = "whsec_" + "A".repeat(32);
  private static final TenantId ACME = new TenantId("acme");

  private static WebhookSigner signer(String spec) {
    return new WebhookSigner(SigningSettings.parse(spec));
  }

  @Test
  void headers_publishedExample_matchesPublishedSignature() {
    var headers = signer("acme=" + SPEC_SECRET).headers(ACME, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);

    assertEquals(
        Map.of(
            "webhook-id", SPEC_ID,
            "webhook-timestamp", "1614265330",
            "webhook-signature", SPEC_SIGNATURE),
        headers);
    assertEquals(
        List.of("webhook-id", "webhook-timestamp", "webhook-signature"),
        List.copyOf(headers.keySet()));
  }

  @Test
  void headers_twoSecrets_spaceSeparatedInConfiguredOrder() {
    var signer = signer("acme=" + OTHER_SECRET + ",acme=" + SPEC_SECRET);

    String signature =
        signer.headers(ACME, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY).get("webhook-signature");

    String[] parts = signature.split(" ");
    assertEquals(2, parts.length, signature);
    assertTrue(parts[0].startsWith("v1,"), signature);
    assertNotEquals(SPEC_SIGNATURE, parts[0]);
    assertEquals(SPEC_SIGNATURE, parts[1]);
  }

  @Test
  void headers_tenantWithoutSecret_isEmpty() {
    var signer = signer("acme=" + SPEC_SECRET);
    var beta = new TenantId("beta");

    assertFalse(signer.signs(beta));
    assertTrue(signer.signs(ACME));
    assertEquals(Map.of(), signer.headers(beta, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
  }

  @Test
  void headers_differentTenants_signDifferently() {
    var signer = signer("acme=" + SPEC_SECRET + ",beta=" + OTHER_SECRET);

    assertNotEquals(
        signer.headers(ACME, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY).get("webhook-signature"),
        signer
            .headers(new TenantId("beta"), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)
            .get("webhook-signature"));
  }

  @Test
  void headers_anyChangeOfIdTimestampOrBody_changesSignature() {
    var signer = signer("acme=" + SPEC_SECRET);
    String base = signer.headers(ACME, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY).get("webhook-signature");

    byte[] otherBody = SPEC_BODY.clone();
    otherBody[otherBody.length - 2]++;
    assertNotEquals(
        base,
        signer.headers(ACME, SPEC_ID + "x", SPEC_TIMESTAMP, SPEC_BODY).get("webhook-signature"));
    assertNotEquals(
        base,
        signer.headers(ACME, SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_BODY).get("webhook-signature"));
    assertNotEquals(
        base, signer.headers(ACME, SPEC_ID, SPEC_TIMESTAMP, otherBody).get("webhook-signature"));
  }

  @Test
  void headers_emptyBody_signsIdAndTimestampWithTrailingDot() throws Exception {
    var signer = signer("acme=" + SPEC_SECRET);

    String signature =
        signer.headers(ACME, SPEC_ID, SPEC_TIMESTAMP, new byte[0]).get("webhook-signature");

    // The independent library, asked for the empty payload, must agree.
    assertEquals(
        new com.standardwebhooks.Webhook(SPEC_SECRET).sign(SPEC_ID, SPEC_TIMESTAMP, ""), signature);
  }
}
