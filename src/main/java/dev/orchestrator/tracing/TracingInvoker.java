package dev.orchestrator.tracing;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.TraceContext;
import dev.orchestrator.execution.HttpInvoker;
import dev.orchestrator.execution.OutboundRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * A client span around each attempt, child of the call's stored trace context (the submit's span
 * when tracing was on at submit), sent to the target as the attempt's {@code traceparent}: the
 * target's own spans then hang below the attempt that called it.
 */
final class TracingInvoker implements HttpInvoker {
  private final HttpInvoker delegate;
  private final Tracer tracer;

  TracingInvoker(HttpInvoker delegate, Tracer tracer) {
    this.delegate = delegate;
    this.tracer = tracer;
  }

  @Override
  public CompletionStage<AttemptOutcome> invoke(OutboundRequest r) {
    Span span = start(r);
    CompletionStage<AttemptOutcome> outcome;
    try {
      outcome = delegate.invoke(r.withTraceparent(W3c.headers(span).get("traceparent")));
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(Attributes.ERROR_TYPE, e.getClass().getSimpleName());
      span.end();
      throw e;
    }
    return outcome.whenComplete(
        (o, error) -> {
          record(span, o);
          span.end();
        });
  }

  private Span start(OutboundRequest r) {
    String method = r.request().method();
    SpanBuilder b =
        tracer
            .spanBuilder(method)
            .setParent(parentOf(r))
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(Attributes.HTTP_METHOD, method)
            .setAttribute(Attributes.TENANT, r.callId().tenant().value())
            .setAttribute(Attributes.SERVICE_CALL_ID, r.callId().callId())
            .setAttribute(Attributes.ATTEMPT, (long) r.attempt());
    try {
      URI url = URI.create(r.request().url());
      if (url.getHost() != null) {
        b.setAttribute(Attributes.SERVER_ADDRESS, url.getHost());
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        b.setAttribute(Attributes.SERVER_PORT, (long) port);
      }
    } catch (IllegalArgumentException e) {
      // The invoker refuses such a URL itself; the span just goes without host and port.
    }
    return b.startSpan();
  }

  /**
   * The stored context as a remote parent. A call stored without a parent span (submitted while
   * tracing was off, without a traceparent) keeps its trace id under a parent id derived like the
   * attempts' own, so the target sees the same trace whether tracing is on or off.
   */
  private static Context parentOf(OutboundRequest r) {
    TraceContext t = r.trace();
    if (t == null) {
      return Context.root();
    }
    String traceparent =
        t.parentId() != null
            ? "00-" + t.traceId() + "-" + t.parentId() + "-" + t.flags()
            : t.traceparentFor(r.callId().callId(), 0);
    return W3c.extract(traceparent, t.traceState());
  }

  private static void record(Span span, AttemptOutcome o) {
    if (o == null) {
      // Invokers complete with an outcome, never an error; AttemptRunner's safety net decides.
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(Attributes.OUTCOME, "retryable_failure");
      return;
    }
    if (o.response() != null) {
      span.setAttribute(Attributes.HTTP_STATUS, (long) o.response().statusCode());
    }
    ErrorInfo error = null;
    if (o instanceof AttemptOutcome.Success) {
      span.setAttribute(Attributes.OUTCOME, "success");
    } else if (o instanceof AttemptOutcome.RetryableFailure f) {
      span.setAttribute(Attributes.OUTCOME, "retryable_failure");
      error = f.error();
    } else if (o instanceof AttemptOutcome.PermanentFailure f) {
      span.setAttribute(Attributes.OUTCOME, "permanent_failure");
      error = f.error();
    }
    if (error != null) {
      span.setAttribute(Attributes.ERROR_TYPE, error.kind().name());
      span.setStatus(StatusCode.ERROR, error.kind().name());
    }
  }
}
