package dev.orchestrator.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.RequestView;
import dev.orchestrator.domain.SealedValue;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.testing.ServiceCallFixtures;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderCipherTest {
  private static final byte[] KEY = Base64.getDecoder().decode(SecretsKeys.generate());
  private static final HeaderCipher CIPHER = HeaderCipher.create(KEY, List.of("X-Internal-Auth"));
  private static final ServiceCallId CALL = ServiceCallFixtures.CALL_ID;
  private static final ServiceCallId OTHER_CALL = new ServiceCallId(new TenantId("acme"), "other");
  private static final ServiceCallId OTHER_TENANT =
      new ServiceCallId(new TenantId("evil"), CALL.callId());

  private static CallRequest request(Map<String, String> headers) {
    return new CallRequest("POST", "https://billing.example/charge", headers, "{}");
  }

  private static String sealedAuthorization(String value) {
    return CIPHER
        .seal(CALL, request(Map.of("Authorization", value)))
        .headers()
        .get("Authorization");
  }

  @Test
  void seal_sensitiveHeaders_areEncryptedAndOpenToThePlaintext() throws Exception {
    var plain =
        request(
            Map.of(
                "Authorization", "Bearer s3cr3t",
                "X-Internal-Auth", "extra-listed",
                "Content-Type", "application/json"));

    var sealed = CIPHER.seal(CALL, plain);

    assertTrue(SealedValue.isSealed(sealed.headers().get("Authorization")));
    assertTrue(SealedValue.isSealed(sealed.headers().get("X-Internal-Auth")));
    assertEquals("application/json", sealed.headers().get("Content-Type"));
    assertFalse(sealed.toString().contains("s3cr3t"));
    assertFalse(plain.toString().contains("s3cr3t"), "a request's toString masks it too");
    assertEquals(plain, CIPHER.open(CALL, sealed));
  }

  @Test
  void seal_sameValueForSameCall_isDeterministicSoResubmitsCompareEqual() {
    CallSpec spec = ServiceCallFixtures.aSpecDueAt(ServiceCallFixtures.T0);
    spec = spec.withRequest(request(Map.of("Authorization", "Bearer s3cr3t")));

    CallSpec first = CIPHER.seal(CALL, spec);
    CallSpec again = CIPHER.seal(CALL, spec);

    assertEquals(first, again);
    assertTrue(first.sameIntentAs(again));
    assertNotEquals(spec.request(), first.request());
  }

  @Test
  void seal_sameValueForAnotherCallOrHeader_differs() {
    var headers = Map.of("Authorization", "Bearer s3cr3t", "Cookie", "Bearer s3cr3t");
    var mine = CIPHER.seal(CALL, request(headers)).headers();
    var other = CIPHER.seal(OTHER_CALL, request(headers)).headers();

    assertNotEquals(mine.get("Authorization"), other.get("Authorization"));
    assertNotEquals(mine.get("Authorization"), mine.get("Cookie"));
  }

  @Test
  void open_valueMovedToAnotherCallTenantOrHeader_fails() {
    String sealed = sealedAuthorization("x");

    assertThrows(
        UndecryptableHeaderException.class,
        () -> CIPHER.open(OTHER_CALL, request(Map.of("Authorization", sealed))));
    assertThrows(
        UndecryptableHeaderException.class,
        () -> CIPHER.open(OTHER_TENANT, request(Map.of("Authorization", sealed))));
    assertThrows(
        UndecryptableHeaderException.class,
        () -> CIPHER.open(CALL, request(Map.of("X-Api-Key", sealed))));
  }

  @Test
  void open_withAnotherKey_failsNamingTheHeaderButNotTheValue() {
    var sealed = CIPHER.seal(CALL, request(Map.of("Authorization", "Bearer s3cr3t")));
    var otherKey =
        HeaderCipher.create(Base64.getDecoder().decode(SecretsKeys.generate()), List.of());

    var e = assertThrows(UndecryptableHeaderException.class, () -> otherKey.open(CALL, sealed));

    assertEquals("Authorization", e.headerName());
    assertTrue(e.getMessage().contains("secrets key"), e.getMessage());
    assertTrue(e.getMessage().contains("changed"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"));
    assertFalse(e.getMessage().contains(sealed.headers().get("Authorization")));
  }

  @Test
  void open_tamperedOrTruncatedValue_fails() {
    String sealed = sealedAuthorization("Bearer s3cr3t");
    byte[] bytes = Base64.getDecoder().decode(sealed.substring(SealedValue.PREFIX.length()));
    bytes[bytes.length - 1] ^= 1;
    String flipped = SealedValue.PREFIX + Base64.getEncoder().encodeToString(bytes);

    for (String bad :
        List.of(flipped, SealedValue.PREFIX + "AAAA", SealedValue.PREFIX + "not b64!")) {
      assertThrows(
          UndecryptableHeaderException.class,
          () -> CIPHER.open(CALL, request(Map.of("Authorization", bad))),
          bad);
    }
  }

  @Test
  void sealedValue_hasTheDocumentedFormat() {
    String sealed = sealedAuthorization("abc");

    assertTrue(sealed.startsWith("enc:v1:"), sealed);
    byte[] bytes = Base64.getDecoder().decode(sealed.substring("enc:v1:".length()));
    assertEquals(12 + 3 + 16, bytes.length, "iv | ciphertext | tag");
  }

  @Test
  void seal_clientValueThatLooksSealed_isSealedAgainAndRoundTrips() throws Exception {
    var plain = request(Map.of("X-Trace", "enc:v1:client-chose-this"));

    var sealed = CIPHER.seal(CALL, plain);

    assertNotEquals(plain, sealed);
    assertEquals(plain, CIPHER.open(CALL, sealed));
  }

  @Test
  void seal_withoutSensitiveHeaders_returnsTheSameInstances() throws Exception {
    var plain = request(Map.of("Content-Type", "text/plain"));
    CallSpec spec = ServiceCallFixtures.aSpecDueAt(ServiceCallFixtures.T0);

    assertSame(plain, CIPHER.seal(CALL, plain));
    assertSame(spec, CIPHER.seal(CALL, spec));
    assertSame(plain, CIPHER.open(CALL, plain));
  }

  @Test
  void open_plaintextStoredBeforeEncryption_isSentAsStored() throws Exception {
    var legacy = request(Map.of("Authorization", "Bearer legacy"));

    assertEquals(legacy, CIPHER.open(CALL, legacy));
  }

  @Test
  void requestView_ofSealedRequest_masksBuiltInAndExtraHeaders() {
    var sealed =
        CIPHER.seal(
            CALL,
            request(Map.of("Authorization", "a", "x-internal-auth", "b", "Accept", "text/plain")));

    assertEquals(
        Map.of("Authorization", "***", "x-internal-auth", "***", "Accept", "text/plain"),
        RequestView.of(sealed).headers());
  }

  @Test
  void create_withKeyOfWrongLength_isRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> HeaderCipher.create(new byte[16], List.of()));
  }
}
