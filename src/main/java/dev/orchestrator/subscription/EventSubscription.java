package dev.orchestrator.subscription;

import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.entity.ServiceCallEvent;
import dev.orchestrator.outlet.OutletStore.OutletEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tenant's event subscription: its lifecycle events are POSTed to {@code url}, one delivery call
 * per event. {@code headers} are sent with each; sensitive values are sealed for {@link
 * #sealedFor}. Only events after {@code afterOffset} (the stream's head when it was created) count.
 *
 * @param eventTypes the event types wanted; empty means all of {@link #EVENT_TYPES}
 */
public record EventSubscription(
    TenantId tenant,
    String url,
    List<String> eventTypes,
    Map<String, String> headers,
    long afterOffset,
    Instant createdAt,
    Instant updatedAt) {

  /** The event types of the stream: the journal's event names (part of the public schema). */
  public static final List<String> EVENT_TYPES =
      Arrays.stream(ServiceCallEvent.class.getPermittedSubclasses())
          .map(Class::getSimpleName)
          .toList();

  public EventSubscription {
    eventTypes = List.copyOf(eventTypes);
    headers = Map.copyOf(headers);
  }

  /**
   * The pseudo call the stored header values are sealed for: no API call can have this id (they are
   * UUIDs), so a sealed value copied between a subscription and a call never opens.
   */
  public static ServiceCallId sealedFor(TenantId tenant) {
    return new ServiceCallId(tenant, "event-subscription");
  }

  /**
   * True when {@code e} is this tenant's, came after the subscription, is of a wanted type, and is
   * not an event of a delivery call itself: delivering those would make a call per delivery, for
   * ever (each delivery's own events would be delivered in turn).
   */
  public boolean wants(OutletEvent e) {
    return e.tenantId().equals(tenant.value())
        && e.offset() > afterOffset
        && (eventTypes.isEmpty() || eventTypes.contains(e.type()))
        && !ServiceCallId.isEventDelivery(e.serviceCallId());
  }
}
