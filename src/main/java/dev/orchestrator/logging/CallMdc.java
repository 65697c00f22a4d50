package dev.orchestrator.logging;

import dev.orchestrator.domain.ServiceCallId;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The MDC keys every log line about a call carries, so one call's lines can be found (and joined
 * with the client's own logs through the correlation id) in structured output. Values are ids only,
 * never request data.
 */
public final class CallMdc {
  public static final String TENANT_ID = "tenantId";
  public static final String SERVICE_CALL_ID = "serviceCallId";
  public static final String CORRELATION_ID = "correlationId";

  private CallMdc() {}

  /** The entries for {@code id}; {@code correlationId} is left out when the call has none. */
  public static Map<String, String> of(ServiceCallId id, String correlationId) {
    Map<String, String> mdc = new HashMap<>(4);
    mdc.put(TENANT_ID, id.tenant().value());
    mdc.put(SERVICE_CALL_ID, id.callId());
    if (correlationId != null) {
      mdc.put(CORRELATION_ID, correlationId);
    }
    return Map.copyOf(mdc);
  }

  /**
   * Puts the entries on this thread's MDC until the returned scope is closed, for log lines written
   * outside an actor (futures, HTTP route callbacks).
   */
  public static Scope open(ServiceCallId id, String correlationId) {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    of(id, correlationId).forEach(MDC::put);
    return () -> {
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    };
  }

  /** An MDC scope; closing it restores what the thread had before. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
