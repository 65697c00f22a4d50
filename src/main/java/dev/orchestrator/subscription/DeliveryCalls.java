package dev.orchestrator.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.config.EventSubscriptionSettings;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.domain.TraceContext;
import dev.orchestrator.outlet.OutletMessage;
import dev.orchestrator.outlet.OutletStore.OutletEvent;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.secrets.UndecryptableHeaderException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The call that delivers one event to a subscription: {@code POST} of the event's JSON (as the
 * RabbitMQ outlet publishes it) to the subscriber, due now, with the configured retries and
 * timeout, named {@code event-delivery <type> <offset>}, tagged {@value #TAG}, and with the event's
 * call id as correlation id. Its id derives from tenant and offset ({@link
 * ServiceCallId#forEventDelivery}), so submitting it again is an idempotent repeat.
 */
final class DeliveryCalls {
  static final String TAG = "event-delivery";

  /** A delivery call ready to submit: its spec's sensitive headers are sealed for {@code id}. */
  record Call(ServiceCallId id, CallSpec spec) {}

  private final ObjectMapper mapper;
  private final HeaderCipher cipher;
  private final EventSubscriptionSettings settings;
  private final Clock clock;

  DeliveryCalls(
      ObjectMapper mapper, HeaderCipher cipher, EventSubscriptionSettings settings, Clock clock) {
    this.mapper = mapper;
    this.cipher = cipher;
    this.settings = settings;
    this.clock = clock;
  }

  Call of(OutletEvent event, EventSubscription subscription) {
    TenantId tenant = subscription.tenant();
    var id = ServiceCallId.forEventDelivery(tenant, event.offset());
    Map<String, String> headers = new TreeMap<>(subscription.headers());
    headers.put("Content-Type", "application/json");
    var stored = new CallRequest("POST", subscription.url(), headers, body(event));
    CallRequest request;
    try {
      request = cipher.reseal(EventSubscription.sealedFor(tenant), id, stored);
    } catch (UndecryptableHeaderException e) {
      // SECRETS_KEY changed since the subscription was stored. Left sealed for the subscription,
      // the value cannot open for this call either: the call fails visibly (INVALID_REQUEST) when
      // it is sent, as stored calls do after a key change, and never goes out without the header.
      request = stored;
    }
    var spec =
        new CallSpec(
            "event-delivery " + event.type() + " " + event.offset(),
            request,
            clock.instant(),
            false,
            null,
            List.of(TAG),
            event.serviceCallId(),
            settings.retry(),
            settings.timeout(),
            TraceContext.newTrace(ThreadLocalRandom.current()));
    return new Call(id, spec);
  }

  private String body(OutletEvent event) {
    try {
      return mapper.writeValueAsString(OutletMessage.of(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event " + event.offset() + " is not serializable", e);
    }
  }
}
