package dev.orchestrator.tracing;

import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TraceContext;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One submit request as traced: the trace context stored with the call (the parent of its
 * attempts), and, when tracing is on, the server span to complete.
 */
public interface SubmitSpan {
  /** The W3C context to store with the call. */
  TraceContext context();

  /** The call the submit is for, once known. */
  default void identify(ServiceCallId id) {}

  /**
   * The request is done: answered with {@code status}, or (status null) rejected for the error
   * handler to answer, or failed with {@code error}.
   */
  default void end(Integer status, Throwable error) {}

  /**
   * Tracing off: the client's context as it came, or a new trace when it is missing or malformed
   * (the W3C spec's advice to receivers), so a bad header never fails a submit.
   */
  static SubmitSpan untraced(String traceparent, String tracestate) {
    TraceContext context =
        TraceContext.parse(traceparent, tracestate)
            .orElseGet(() -> TraceContext.newTrace(ThreadLocalRandom.current()));
    return () -> context;
  }
}
