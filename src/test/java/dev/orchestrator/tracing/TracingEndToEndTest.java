package dev.orchestrator.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.egress.SystemHostResolver;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TargetServer.Reply;
import dev.orchestrator.testing.TestNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tracing on, over real HTTP: a submit's server span continues the client's traceparent, each
 * attempt is a client span below it with the call's attributes, and the target receives the attempt
 * span's own context. Spans are recorded in memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private OpenTelemetrySdk sdk;
  private TargetServer target;
  private TestNode node;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
    target = new TargetServer();
    node =
        TestNode.start(
            TestNode.h2Memory("otel"),
            "",
            target.port(),
            Map.of(),
            SystemHostResolver.INSTANCE,
            Tracing.of(sdk));
    api = node.client(TestNode.KEY_A);
  }

  @AfterAll
  void stop() {
    try {
      node.close();
    } finally {
      target.close();
      sdk.close();
    }
  }

  private String call(String path) {
    return "{\"request\":{\"method\":\"POST\",\"url\":\""
        + target.url(path)
        + "\",\"body\":\"{}\"},"
        + "\"retry\":{\"maxAttempts\":3,\"initialBackoff\":\"PT0.1S\",\"maxBackoff\":\"PT0.1S\"}}";
  }

  private List<SpanData> spansOf(String traceId) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId))
        .toList();
  }

  private static SpanData only(List<SpanData> spans, SpanKind kind) {
    var found = spans.stream().filter(s -> s.getKind() == kind).toList();
    assertEquals(1, found.size(), kind + " spans: " + spans);
    return found.get(0);
  }

  private static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  @Test
  void submitWithTraceparent_serverSpanContinuesIt_andEachAttemptIsAClientSpanBelow() {
    String path = "/otel-" + UUID.randomUUID();
    target.script(path, Reply.status(503), Reply.status(200));
    var r =
        api.submit(
            "tenant-a",
            call(path),
            "traceparent",
            "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01",
            "tracestate",
            "vendor=abc");
    assertEquals(201, r.status(), r.body());
    String id = r.json().get("serviceCallId").asText();
    Await.until(WAIT, "two attempts", () -> target.receivedOn(path).size() >= 2);
    Await.until(WAIT, "server span and two attempt spans", () -> spansOf(TRACE_ID).size() >= 3);

    List<SpanData> trace = spansOf(TRACE_ID);
    SpanData server = only(trace, SpanKind.SERVER);
    assertEquals(CLIENT_SPAN, server.getParentSpanId(), "continues the client's span");
    assertTrue(server.getParentSpanContext().isRemote());
    assertEquals("POST /api/v1/tenants/{tenant}/service-calls", server.getName());
    assertEquals(201L, attr(server, Attributes.HTTP_STATUS));
    assertEquals("tenant-a", attr(server, Attributes.TENANT));
    assertEquals(id, attr(server, Attributes.SERVICE_CALL_ID));

    List<SpanData> attempts =
        trace.stream()
            .filter(s -> s.getKind() == SpanKind.CLIENT)
            .sorted(Comparator.comparing(s -> attr(s, Attributes.ATTEMPT)))
            .toList();
    assertEquals(2, attempts.size(), trace.toString());
    for (SpanData a : attempts) {
      assertEquals(server.getSpanId(), a.getParentSpanId(), "an attempt is the submit's child");
      assertEquals("POST", a.getName());
      assertEquals("tenant-a", attr(a, Attributes.TENANT));
      assertEquals(id, attr(a, Attributes.SERVICE_CALL_ID));
      assertEquals("127.0.0.1", attr(a, Attributes.SERVER_ADDRESS));
      assertEquals("abc", a.getSpanContext().getTraceState().get("vendor"));
    }
    SpanData first = attempts.get(0);
    assertEquals(1L, attr(first, Attributes.ATTEMPT));
    assertEquals(503L, attr(first, Attributes.HTTP_STATUS));
    assertEquals("retryable_failure", attr(first, Attributes.OUTCOME));
    assertEquals(StatusCode.ERROR, first.getStatus().getStatusCode());
    SpanData second = attempts.get(1);
    assertEquals(2L, attr(second, Attributes.ATTEMPT));
    assertEquals(200L, attr(second, Attributes.HTTP_STATUS));
    assertEquals("success", attr(second, Attributes.OUTCOME));
    assertEquals(StatusCode.UNSET, second.getStatus().getStatusCode());

    // What each target request carried is that attempt's own span.
    var received = target.receivedOn(path);
    for (int i = 0; i < 2; i++) {
      assertEquals(
          "00-" + TRACE_ID + "-" + attempts.get(i).getSpanId() + "-01",
          received.get(i).header("traceparent"));
      assertEquals("vendor=abc", received.get(i).header("tracestate"));
    }
  }

  @Test
  void submitWithoutTraceparent_startsATraceAtTheServerSpan_andTheAttemptFollowsIt() {
    String path = "/otel-root-" + UUID.randomUUID();
    var r = api.submit("tenant-a", call(path));
    assertEquals(201, r.status(), r.body());
    String id = r.json().get("serviceCallId").asText();
    Await.until(WAIT, "one attempt", () -> target.receivedOn(path).size() >= 1);
    Await.until(
        WAIT,
        "the attempt's span",
        () ->
            spans.getFinishedSpanItems().stream()
                .anyMatch(
                    s ->
                        s.getKind() == SpanKind.CLIENT
                            && id.equals(attr(s, Attributes.SERVICE_CALL_ID))));

    SpanData server =
        spans.getFinishedSpanItems().stream()
            .filter(
                s ->
                    s.getKind() == SpanKind.SERVER
                        && id.equals(attr(s, Attributes.SERVICE_CALL_ID)))
            .findFirst()
            .orElseThrow();
    assertFalse(server.getParentSpanContext().isValid(), "a root span");
    SpanData attempt = only(spansOf(server.getTraceId()), SpanKind.CLIENT);
    assertEquals(server.getSpanId(), attempt.getParentSpanId());
    // Flags as the SDK set them for the new trace (sampled, and W3C level 2's random trace id).
    assertEquals(
        "00-"
            + server.getTraceId()
            + "-"
            + attempt.getSpanId()
            + "-"
            + attempt.getSpanContext().getTraceFlags().asHex(),
        target.receivedOn(path).get(0).header("traceparent"));
  }

  @Test
  void refusedSubmit_isTracedWithItsStatus() {
    var r =
        api.submit(
            "tenant-a",
            "{\"request\":{\"method\":\"POST\"}}",
            "traceparent",
            "00-" + "1".repeat(32) + "-" + CLIENT_SPAN + "-01");
    assertEquals(400, r.status(), r.body());
    Await.until(WAIT, "the refused submit's span", () -> spansOf("1".repeat(32)).size() == 1);
    SpanData server = only(spansOf("1".repeat(32)), SpanKind.SERVER);
    assertEquals(400L, attr(server, Attributes.HTTP_STATUS));
    assertEquals(StatusCode.UNSET, server.getStatus().getStatusCode(), "a client error");
  }
}
