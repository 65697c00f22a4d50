package dev.orchestrator.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.domain.TraceContext;
import dev.orchestrator.execution.HttpInvoker;
import dev.orchestrator.execution.OutboundRequest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client spans of attempts, without a node: parents, attributes, what the target is sent. */
class TracingInvokerTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final ServiceCallId ID = new ServiceCallId(new TenantId("acme"), "call-1");

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();
  private final List<OutboundRequest> sent = new ArrayList<>();

  @AfterEach
  void close() {
    sdk.close();
  }

  private HttpInvoker answering(AttemptOutcome outcome) {
    return r -> {
      sent.add(r);
      return CompletableFuture.completedFuture(outcome);
    };
  }

  private static OutboundRequest request(TraceContext trace, int attempt) {
    return new OutboundRequest(
        ID,
        new CallRequest("PUT", "https://billing.example/charge?token=secret", Map.of(), null),
        attempt,
        "call-1",
        null,
        Duration.ofSeconds(5),
        trace,
        trace == null ? null : trace.traceparentFor("call-1", attempt));
  }

  private SpanData onlySpan() {
    assertEquals(1, exporter.getFinishedSpanItems().size());
    return exporter.getFinishedSpanItems().get(0);
  }

  @Test
  void off_isTheInvokerItself() {
    HttpInvoker inner = answering(null);
    assertSame(inner, Tracing.OFF.traced(inner));
  }

  @Test
  void permanentFailure_isAnErrorSpanWithOutcomeAndKind_andNoUrlBeyondTheHost() {
    var trace = new TraceContext(TRACE_ID, "00f067aa0ba902b7", "01", null);
    var outcome =
        new AttemptOutcome.PermanentFailure(
            new ErrorInfo(ErrorKind.HTTP_STATUS, "404"),
            new dev.orchestrator.domain.ResponseMeta(404, Map.of(), "", 3));
    Tracing.of(sdk)
        .traced(answering(outcome))
        .invoke(request(trace, 2))
        .toCompletableFuture()
        .join();

    SpanData span = onlySpan();
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals("00f067aa0ba902b7", span.getParentSpanId());
    assertEquals("permanent_failure", span.getAttributes().get(Attributes.OUTCOME));
    assertEquals(404L, span.getAttributes().get(Attributes.HTTP_STATUS));
    assertEquals(2L, span.getAttributes().get(Attributes.ATTEMPT));
    assertEquals("HTTP_STATUS", span.getAttributes().get(Attributes.ERROR_TYPE));
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("billing.example", span.getAttributes().get(Attributes.SERVER_ADDRESS));
    assertEquals(443L, span.getAttributes().get(Attributes.SERVER_PORT));
    assertTrue(
        span.getAttributes().asMap().values().stream()
            .noneMatch(v -> v.toString().contains("secret")),
        span.getAttributes().toString());
    assertEquals("00-" + TRACE_ID + "-" + span.getSpanId() + "-01", sent.get(0).traceparent());
  }

  @Test
  void storedTraceWithoutParent_keepsItsTraceIdUnderAStableDerivedParent() {
    var trace = new TraceContext(TRACE_ID, null, "01", null);
    var ok =
        new AttemptOutcome.Success(new dev.orchestrator.domain.ResponseMeta(200, Map.of(), "", 1));
    var traced = Tracing.of(sdk).traced(answering(ok));
    traced.invoke(request(trace, 1)).toCompletableFuture().join();
    traced.invoke(request(trace, 2)).toCompletableFuture().join();

    var spans = exporter.getFinishedSpanItems();
    assertEquals(TRACE_ID, spans.get(0).getTraceId());
    assertEquals(spans.get(0).getParentSpanId(), spans.get(1).getParentSpanId());
    assertNotEquals(spans.get(0).getSpanId(), spans.get(1).getSpanId());
  }

  @Test
  void callWithoutTrace_getsANewTrace() {
    var ok =
        new AttemptOutcome.Success(new dev.orchestrator.domain.ResponseMeta(200, Map.of(), "", 1));
    Tracing.of(sdk).traced(answering(ok)).invoke(request(null, 1)).toCompletableFuture().join();

    SpanData span = onlySpan();
    assertEquals("success", span.getAttributes().get(Attributes.OUTCOME));
    assertEquals(
        "00-"
            + span.getTraceId()
            + "-"
            + span.getSpanId()
            + "-"
            + span.getSpanContext().getTraceFlags().asHex(),
        sent.get(0).traceparent());
  }
}
