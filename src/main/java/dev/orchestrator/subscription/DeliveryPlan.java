package dev.orchestrator.subscription;

import dev.orchestrator.outlet.OutletStore.OutletEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which events of one page of the stream become delivery calls: per subscribed tenant, the events
 * its subscription wants, in offset order. Tenants are independent of each other; within a tenant
 * the calls are submitted one after the other, so they are created (and first sent) in order.
 */
final class DeliveryPlan {
  /** One event for one subscription. */
  record Delivery(OutletEvent event, EventSubscription subscription) {}

  private DeliveryPlan() {}

  /**
   * @param page events in offset order
   * @param subscriptions by tenant id
   */
  static Map<String, List<Delivery>> of(
      List<OutletEvent> page, Map<String, EventSubscription> subscriptions) {
    Map<String, List<Delivery>> byTenant = new LinkedHashMap<>();
    for (OutletEvent e : page) {
      EventSubscription s = subscriptions.get(e.tenantId());
      if (s != null && s.wants(e)) {
        byTenant.computeIfAbsent(e.tenantId(), t -> new ArrayList<>()).add(new Delivery(e, s));
      }
    }
    return byTenant;
  }
}
