package dev.orchestrator.tracing;

import dev.orchestrator.domain.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/** Between our stored {@link TraceContext} and OpenTelemetry's, through the W3C headers. */
final class W3c {
  private static final W3CTraceContextPropagator PROPAGATOR =
      W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private W3c() {}

  /** The context a span continues from these headers (the root context when they are invalid). */
  static Context extract(String traceparent, String tracestate) {
    Map<String, String> headers = new HashMap<>();
    if (traceparent != null) {
      headers.put("traceparent", traceparent.trim());
    }
    if (tracestate != null) {
      headers.put("tracestate", tracestate);
    }
    return PROPAGATOR.extract(Context.root(), headers, GETTER);
  }

  /** The W3C headers of {@code span}: traceparent, and tracestate when it has one. */
  static Map<String, String> headers(Span span) {
    Map<String, String> headers = new HashMap<>();
    PROPAGATOR.inject(Context.root().with(span), headers, Map::put);
    return headers;
  }

  /** {@code span} as a stored trace context: its trace, itself as the parent, its flags. */
  static TraceContext contextOf(Span span) {
    Map<String, String> h = headers(span);
    return TraceContext.parse(h.get("traceparent"), h.get("tracestate"))
        .orElseThrow(() -> new IllegalStateException("span without a valid context"));
  }
}
