package dev.orchestrator.execution;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ServiceCallId;
import java.time.Duration;

/**
 * One attempt's request as the invoker must send it. {@code traceparent} and {@code tracestate}
 * (W3C, null when the call has no trace context) are sent as headers of the same names. {@code
 * idempotencyKey} is the same for every attempt and re-run of a call; {@code attempt} grows with
 * each, so targets can de-duplicate and fence stale attempts.
 */
public record OutboundRequest(
    ServiceCallId callId,
    CallRequest request,
    int attempt,
    String idempotencyKey,
    String correlationId,
    Duration timeout,
    String traceparent,
    String tracestate) {

  /** An attempt without trace context (calls stored before it existed; tests). */
  public OutboundRequest(
      ServiceCallId callId,
      CallRequest request,
      int attempt,
      String idempotencyKey,
      String correlationId,
      Duration timeout) {
    this(callId, request, attempt, idempotencyKey, correlationId, timeout, null, null);
  }

  /** The same attempt with another request (signed, or with its headers opened). */
  public OutboundRequest withRequest(CallRequest other) {
    return new OutboundRequest(
        callId, other, attempt, idempotencyKey, correlationId, timeout, traceparent, tracestate);
  }
}
