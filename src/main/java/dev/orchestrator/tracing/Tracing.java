package dev.orchestrator.tracing;

import com.typesafe.config.Config;
import dev.orchestrator.execution.HttpInvoker;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * OpenTelemetry tracing, off unless {@code orchestrator.tracing.otel.enabled} ({@code
 * OTEL_ENABLED=true}). When on, submits get a server span and every attempt a client span that is
 * its child (through the call's stored trace context) and is what the target sees in {@code
 * traceparent}; spans are exported over OTLP as the standard {@code OTEL_*} variables say. When off
 * nothing here is on any path: submits store their trace context as before, and the attempt path
 * has no tracing invoker at all.
 */
public final class Tracing implements AutoCloseable {
  /** The instrumentation scope of our spans. */
  public static final String SCOPE = "dev.orchestrator";

  /** Tracing off: no spans, no SDK. */
  public static final Tracing OFF = new Tracing(null, () -> {});

  // Defaults an operator's OTEL_* variables (or -Dotel.*) override: only traces are ours to
  // export (metrics are Prometheus, logs go to stdout), over OTLP/HTTP as the spec's default.
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "otel.service.name", "orchestrator",
          "otel.traces.exporter", "otlp",
          "otel.metrics.exporter", "none",
          "otel.logs.exporter", "none",
          "otel.exporter.otlp.protocol", "http/protobuf");

  private final Tracer tracer;
  private final Runnable close;

  private Tracing(Tracer tracer, Runnable close) {
    this.tracer = tracer;
    this.close = close;
  }

  /** {@link #OFF}, or an SDK configured from the standard {@code OTEL_*} variables. */
  public static Tracing fromConfig(Config config) {
    if (!config.getBoolean("orchestrator.tracing.otel.enabled")) {
      return OFF;
    }
    var sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> DEFAULTS)
            // Closed (and flushed) by the node's coordinated shutdown instead.
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    return new Tracing(sdk.getTracer(SCOPE), sdk::close);
  }

  /** Tracing into a given OpenTelemetry (tests, embedding); closing it is the caller's business. */
  public static Tracing of(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry.getTracer(SCOPE), () -> {});
  }

  public boolean enabled() {
    return tracer != null;
  }

  /** The submit's span, continuing the client's {@code traceparent} (either may be null). */
  public SubmitSpan startSubmit(String traceparent, String tracestate) {
    return enabled()
        ? ServerSubmitSpan.start(tracer, traceparent, tracestate)
        : SubmitSpan.untraced(traceparent, tracestate);
  }

  /** {@code invoker} with a client span around each attempt; {@code invoker} itself when off. */
  public HttpInvoker traced(HttpInvoker invoker) {
    return enabled() ? new TracingInvoker(invoker, tracer) : invoker;
  }

  /** Flushes and stops the exporter (SDK from configuration only). */
  @Override
  public void close() {
    close.run();
  }
}
