package dev.orchestrator.execution;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TraceContext;
import java.time.Duration;

/**
 * One attempt's request as the invoker must send it. {@code trace} is the call's stored W3C trace
 * context (null for calls without one), the parent of this attempt; {@code traceparent} is the
 * header value sent for it (a span id of the attempt's own) and {@code tracestate} comes from the
 * trace. {@code idempotencyKey} is the same for every attempt and re-run of a call; {@code attempt}
 * grows with each, so targets can de-duplicate and fence stale attempts.
 */
public record OutboundRequest(
    ServiceCallId callId,
    CallRequest request,
    int attempt,
    String idempotencyKey,
    String correlationId,
    Duration timeout,
    TraceContext trace,
    String traceparent) {

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

  /** The W3C tracestate sent with the attempt: the call's, or null. */
  public String tracestate() {
    return trace == null ? null : trace.traceState();
  }

  /** The same attempt with another request (signed, or with its headers opened). */
  public OutboundRequest withRequest(CallRequest other) {
    return new OutboundRequest(
        callId, other, attempt, idempotencyKey, correlationId, timeout, trace, traceparent);
  }

  /** The same attempt sent as another span (its tracing span, when tracing is on). */
  public OutboundRequest withTraceparent(String other) {
    return new OutboundRequest(
        callId, request, attempt, idempotencyKey, correlationId, timeout, trace, other);
  }
}
