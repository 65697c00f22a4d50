package dev.orchestrator.tracing;

import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * The server span of one submit. It continues a valid incoming {@code traceparent} (else it starts
 * a trace), and it is the context stored with the call, so every attempt becomes its child.
 */
final class ServerSubmitSpan implements SubmitSpan {
  static final String ROUTE = "/api/v1/tenants/{tenant}/service-calls";

  private final Span span;
  private final TraceContext context;

  private ServerSubmitSpan(Span span) {
    this.span = span;
    this.context = W3c.contextOf(span);
  }

  static ServerSubmitSpan start(Tracer tracer, String traceparent, String tracestate) {
    Span span =
        tracer
            .spanBuilder("POST " + ROUTE)
            .setParent(W3c.extract(traceparent, tracestate))
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(Attributes.HTTP_METHOD, "POST")
            .setAttribute(Attributes.HTTP_ROUTE, ROUTE)
            .startSpan();
    return new ServerSubmitSpan(span);
  }

  @Override
  public TraceContext context() {
    return context;
  }

  @Override
  public void identify(ServiceCallId id) {
    span.setAttribute(Attributes.TENANT, id.tenant().value());
    span.setAttribute(Attributes.SERVICE_CALL_ID, id.callId());
  }

  @Override
  public void end(Integer status, Throwable error) {
    if (error != null) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(Attributes.ERROR_TYPE, error.getClass().getSimpleName());
    }
    if (status != null) {
      span.setAttribute(Attributes.HTTP_STATUS, status.longValue());
      // Server spans: only 5xx are errors (a refused submit is the client's, not ours).
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
    }
    span.end();
  }
}
