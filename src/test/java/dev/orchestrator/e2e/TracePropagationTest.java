package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.TraceContext;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TargetServer.Reply;
import dev.orchestrator.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * W3C trace context end to end: the traceparent a client submits with reaches the target on every
 * attempt, with the same trace id and a span id per attempt; a malformed one starts a new trace;
 * tenants cannot store their own traceparent header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracePropagationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";

  private TargetServer target;
  private TestNode node;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    target = new TargetServer();
    node = TestNode.start(TestNode.h2Memory("trace"), "", target.port(), Map.of());
    api = node.client(TestNode.KEY_A);
  }

  @AfterAll
  void stop() {
    try {
      node.close();
    } finally {
      target.close();
    }
  }

  private String call(String path, String extra) {
    return "{\"request\":{\"method\":\"POST\",\"url\":\""
        + target.url(path)
        + "\",\"body\":\"{}\""
        + extra
        + "},\"retry\":{\"maxAttempts\":3,\"initialBackoff\":\"PT0.1S\",\"maxBackoff\":\"PT0.1S\"}}";
  }

  private List<TargetServer.Received> await(String path, int n) {
    Await.until(WAIT, n + " deliveries on " + path, () -> target.receivedOn(path).size() >= n);
    return target.receivedOn(path);
  }

  @Test
  void submittedTraceparent_reachesEveryAttempt_withItsOwnSpanId() {
    String path = "/trace-" + UUID.randomUUID();
    target.script(path, Reply.status(503), Reply.status(503), Reply.status(200));
    var r =
        api.submit(
            "tenant-a",
            call(path, ""),
            "traceparent",
            "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01",
            "tracestate",
            "vendor=abc");
    assertEquals(201, r.status(), r.body());

    var got = await(path, 3);
    var spans = new java.util.HashSet<String>();
    for (var received : got) {
      var t = TraceContext.parse(received.header("traceparent"), null).orElseThrow();
      assertEquals(TRACE_ID, t.traceId());
      assertEquals("01", t.flags());
      assertNotEquals(CLIENT_SPAN, t.parentId());
      spans.add(t.parentId());
      assertEquals("vendor=abc", received.header("tracestate"));
    }
    assertEquals(3, spans.size(), "one span id per attempt");
  }

  @Test
  void malformedTraceparent_isIgnored_andTheCallGetsANewTrace() {
    String path = "/bad-trace-" + UUID.randomUUID();
    var r =
        api.submit(
            "tenant-a",
            call(path, ""),
            "traceparent",
            "00-" + TRACE_ID.toUpperCase() + "-" + CLIENT_SPAN + "-01",
            "tracestate",
            "vendor=abc");
    assertEquals(201, r.status(), r.body());

    var received = await(path, 1).get(0);
    var t = TraceContext.parse(received.header("traceparent"), null).orElseThrow();
    assertNotEquals(TRACE_ID, t.traceId());
    assertEquals("00", t.flags());
    assertNull(received.header("tracestate"), "tracestate goes with the ignored traceparent");
  }

  @Test
  void noTraceparent_stillSendsOneFromANewTrace() {
    String path = "/no-trace-" + UUID.randomUUID();
    assertEquals(201, api.submit("tenant-a", call(path, "")).status());
    var received = await(path, 1).get(0);
    assertTrue(TraceContext.parse(received.header("traceparent"), null).isPresent());
  }

  @Test
  void traceHeadersInTheStoredRequest_areRefused() {
    for (String header : List.of("traceparent", "TraceState")) {
      var r =
          api.submit(
              "tenant-a",
              call("/never", ",\"headers\":{\"" + header + "\":\"00-" + TRACE_ID + "-01\"}"));
      assertEquals(400, r.status(), r.body());
      assertTrue(r.body().contains(header), r.body());
    }
  }
}
