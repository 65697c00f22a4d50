package dev.orchestrator.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.outlet.OutletStore.OutletEvent;
import dev.orchestrator.subscription.DeliveryPlan.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryPlanTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String CALL = "0190a0b2-0000-7000-8000-000000000001";

  private static OutletEvent event(long offset, String tenant, String type, String callId) {
    return new OutletEvent(offset, tenant, type, callId, T, "{}");
  }

  private static EventSubscription sub(String tenant, long after, String... types) {
    return new EventSubscription(
        new TenantId(tenant),
        "https://hooks.example/" + tenant,
        List.of(types),
        Map.of(),
        after,
        T,
        T);
  }

  private static List<Long> offsets(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> d.event().offset()).toList();
  }

  @Test
  void of_groupsWantedEventsByTenant_inOffsetOrder() {
    var page =
        List.of(
            event(11, "acme", "ServiceCallScheduled", CALL),
            event(12, "globex", "ServiceCallScheduled", CALL),
            event(13, "acme", "ExecutionStarted", CALL),
            event(14, "initech", "ExecutionStarted", CALL),
            event(15, "acme", "ServiceCallSucceeded", CALL));
    var plan = DeliveryPlan.of(page, Map.of("acme", sub("acme", 0), "globex", sub("globex", 0)));
    assertEquals(List.of("acme", "globex"), List.copyOf(plan.keySet()));
    assertEquals(List.of(11L, 13L, 15L), offsets(plan.get("acme")));
    assertEquals(List.of(12L), offsets(plan.get("globex")));
  }

  @Test
  void of_skipsEventsBeforeTheSubscription_andUnwantedTypes() {
    var page =
        List.of(
            event(5, "acme", "ServiceCallScheduled", CALL),
            event(6, "acme", "ServiceCallFailed", CALL),
            event(7, "acme", "ServiceCallSucceeded", CALL),
            event(8, "acme", "ServiceCallFailed", CALL));
    var plan = DeliveryPlan.of(page, Map.of("acme", sub("acme", 6, "ServiceCallFailed")));
    assertEquals(List.of(8L), offsets(plan.get("acme")));
  }

  @Test
  void of_neverDeliversTheEventsOfDeliveryCalls() {
    String delivery = ServiceCallId.forEventDelivery(new TenantId("acme"), 3).callId();
    var page =
        List.of(
            event(4, "acme", "ServiceCallScheduled", delivery),
            event(5, "acme", "ExecutionStarted", delivery),
            event(6, "acme", "ServiceCallSucceeded", delivery));
    assertEquals(Map.of(), DeliveryPlan.of(page, Map.of("acme", sub("acme", 0))));
  }
}
