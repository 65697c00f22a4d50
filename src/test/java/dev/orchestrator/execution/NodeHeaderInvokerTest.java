package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.domain.TraceContext;
import dev.orchestrator.testing.FakeHttpInvoker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeHeaderInvokerTest {
  private final FakeHttpInvoker delegate = new FakeHttpInvoker();

  private static OutboundRequest request(Map<String, String> headers) {
    return new OutboundRequest(
        new ServiceCallId(new TenantId("acme"), "call-1"),
        new CallRequest("POST", "http://127.0.0.1:1/hook", headers, "b"),
        3,
        "key-1",
        "corr-1",
        Duration.ofSeconds(5));
  }

  @Test
  void wrapIfEnabled_emptyName_isTheDelegateItself() {
    assertSame(delegate, NodeHeaderInvoker.wrapIfEnabled(delegate, "", "127.0.0.1:7355"));
    assertSame(delegate, NodeHeaderInvoker.wrapIfEnabled(delegate, " ", "127.0.0.1:7355"));
  }

  @Test
  void invoke_addsTheNodeAddressAndKeepsEverythingElse() {
    var invoker =
        NodeHeaderInvoker.wrapIfEnabled(delegate, "X-Orchestrator-Node", "127.0.0.1:7355");

    invoker.invoke(request(Map.of("Content-Type", "text/plain")));

    var got = delegate.requests().get(0);
    assertEquals(
        Map.of("Content-Type", "text/plain", "X-Orchestrator-Node", "127.0.0.1:7355"),
        got.request().headers());
    assertEquals(3, got.attempt());
    assertEquals("key-1", got.idempotencyKey());
    assertEquals("corr-1", got.correlationId());
    assertEquals("b", got.request().body());
  }

  @Test
  void invoke_keepsTheAttemptsTraceContext() {
    var trace =
        new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "01", "v=1");
    var plain = request(Map.of());
    var traced =
        new OutboundRequest(
            plain.callId(),
            plain.request(),
            plain.attempt(),
            plain.idempotencyKey(),
            plain.correlationId(),
            plain.timeout(),
            trace,
            trace.traceparentFor("call-1", 3));

    new NodeHeaderInvoker(delegate, "X-Orchestrator-Node", "127.0.0.1:7355").invoke(traced);

    var got = delegate.requests().get(0);
    assertEquals(trace.traceparentFor("call-1", 3), got.traceparent());
    assertEquals("v=1", got.tracestate());
  }

  @Test
  void invoke_tenantHeaderOfTheSameNameInAnyCase_isReplacedNotKept() {
    var invoker = new NodeHeaderInvoker(delegate, "X-Orchestrator-Node", "127.0.0.1:7355");

    invoker.invoke(request(Map.of("x-orchestrator-NODE", "10.0.0.1:1", "X-Keep", "k")));

    assertEquals(
        Map.of("X-Keep", "k", "X-Orchestrator-Node", "127.0.0.1:7355"),
        delegate.requests().get(0).request().headers());
  }

  @Test
  void constructor_reservedOrInvalidName_isRefused() {
    for (String bad : new String[] {"X-Attempt", "Host", "webhook-id", "bad name", "a\r\nb"}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> new NodeHeaderInvoker(delegate, bad, "127.0.0.1:7355"),
          bad);
    }
  }
}
