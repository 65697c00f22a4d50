package dev.orchestrator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceCallIdTest {
  private static final TenantId ACME = new TenantId("acme");

  @Test
  void fromIdempotencyKey_sameTenantAndKey_isStable() {
    assertEquals(
        ServiceCallId.fromIdempotencyKey(ACME, "invoice-42"),
        ServiceCallId.fromIdempotencyKey(ACME, "invoice-42"));
  }

  @Test
  void fromIdempotencyKey_otherTenantSameKey_differs() {
    assertNotEquals(
        ServiceCallId.fromIdempotencyKey(ACME, "invoice-42").callId(),
        ServiceCallId.fromIdempotencyKey(new TenantId("globex"), "invoice-42").callId());
  }

  @Test
  void fromIdempotencyKey_keyContainingNewline_cannotCollideAcrossTenants() {
    // "a" + "\n" + "b\nc" vs "a\nb" + "\n" + "c": tenant ids cannot hold a newline, so no clash.
    assertThrows(IllegalArgumentException.class, () -> new TenantId("a\nb"));
  }

  @Test
  void entityId_roundTrips() {
    var id = new ServiceCallId(ACME, "0190a5f0-0000-7000-8000-000000000001");
    assertEquals(id, ServiceCallId.fromEntityId(id.entityId()));
    assertEquals("acme:0190a5f0-0000-7000-8000-000000000001", id.entityId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a|b", "a:b", "", " x", "x y", "../x", "%2e", "é"})
  void create_callIdWithSeparatorOrOddCharacters_isRejected(String callId) {
    assertThrows(IllegalArgumentException.class, () -> new ServiceCallId(ACME, callId));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "A",
        "acme|x",
        "acme:x",
        "-acme",
        "",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void create_invalidTenant_isRejected(String tenant) {
    assertThrows(IllegalArgumentException.class, () -> new TenantId(tenant));
  }

  @Test
  void uuidV7_isVersion7AndOrderedByTime() {
    var random = new Random(7);
    var earlier = UuidV7.generate(Instant.parse("2026-01-01T00:00:00Z"), random);
    var later = UuidV7.generate(Instant.parse("2026-01-01T00:00:01Z"), random);
    assertEquals(7, earlier.version());
    assertEquals(2, earlier.variant());
    assertTrue(earlier.toString().compareTo(later.toString()) < 0);
  }

  @Test
  void forEventDelivery_isAStableVersion5Uuid_perTenantAndOffset() {
    var id = ServiceCallId.forEventDelivery(ACME, 42);
    assertEquals(id, ServiceCallId.forEventDelivery(ACME, 42));
    assertEquals(5, java.util.UUID.fromString(id.callId()).version());
    assertNotEquals(id, ServiceCallId.forEventDelivery(ACME, 43));
    assertNotEquals(
        id.callId(), ServiceCallId.forEventDelivery(new TenantId("globex"), 42).callId());
  }

  @Test
  void isEventDelivery_onlyForDeliveryIds_neverForIdsTheApiIssues() {
    assertTrue(ServiceCallId.isEventDelivery(ServiceCallId.forEventDelivery(ACME, 7).callId()));
    String keyed = ServiceCallId.fromIdempotencyKey(ACME, "event-delivery\nacme\n7").callId();
    String random = UuidV7.generate(Instant.EPOCH, new Random(1)).toString();
    for (String apiId : new String[] {keyed, random, "event-subscription", "not-a-uuid"}) {
      assertFalse(ServiceCallId.isEventDelivery(apiId), apiId);
    }
  }
}
