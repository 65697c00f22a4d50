package dev.orchestrator.entity;

import dev.orchestrator.entity.ServiceCallCommand.Submit;
import dev.orchestrator.logging.CallMdc;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The per-message MDC of one entity. Tenant and call id are static (known from the entity id); the
 * correlation id is in the call's spec, so it is learnt from a Submit or from the recovered state
 * and added to every later message's MDC. Touched only on the entity's own thread of control.
 */
final class LogContext {
  private Map<String, String> correlation = Map.of();

  Map<String, String> forMessage(Object message) {
    if (message instanceof Submit s && correlation.isEmpty()) {
      return of(s.spec().correlationId());
    }
    return correlation;
  }

  /**
   * Remembers the call's correlation id for later messages and puts it on the current one's MDC too
   * (which the interceptor clears when the message is done).
   */
  void learn(ServiceCallState state) {
    if (state.call() != null) {
      correlation = of(state.call().spec().correlationId());
      correlation.forEach(MDC::put);
    }
  }

  private static Map<String, String> of(String correlationId) {
    return correlationId == null ? Map.of() : Map.of(CallMdc.CORRELATION_ID, correlationId);
  }
}
