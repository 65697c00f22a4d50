package dev.orchestrator.outlet;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.orchestrator.outlet.OutletStore.OutletEvent;
import java.time.Instant;

/**
 * An event as every outlet sends it (RabbitMQ message body, event-subscription request body): the
 * event as the HTTP event stream shows it, plus its tenant. {@code data} is embedded as stored.
 */
public record OutletMessage(
    long offset,
    String tenantId,
    String type,
    String serviceCallId,
    Instant occurredAt,
    @JsonRawValue String data) {

  public static OutletMessage of(OutletEvent e) {
    return new OutletMessage(
        e.offset(), e.tenantId(), e.type(), e.serviceCallId(), e.occurredAt(), e.dataJson());
  }
}
