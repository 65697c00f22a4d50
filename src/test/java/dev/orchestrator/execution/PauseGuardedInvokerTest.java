package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.testing.FakeHttpInvoker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PauseGuardedInvokerTest {
  private final AtomicBoolean downed = new AtomicBoolean();
  private final FakeHttpInvoker delegate = new FakeHttpInvoker();

  private PauseGuardedInvoker invoker() {
    var membership = PauseGuard.Membership.of(downed::get, () -> true);
    return new PauseGuardedInvoker(
        delegate,
        new PauseGuard(
            Duration.ofSeconds(10), Duration.ofSeconds(10), System::nanoTime, membership));
  }

  private static OutboundRequest request() {
    return new OutboundRequest(
        new ServiceCallId(new TenantId("acme"), "call-1"),
        new CallRequest("POST", "http://127.0.0.1:1/hook", Map.of(), "{}"),
        1,
        "call-1",
        "corr-1",
        Duration.ofSeconds(5));
  }

  @Test
  void invoke_memberInGoodStanding_sendsAtOnce() {
    try (var invoker = invoker()) {
      invoker.invoke(request());
      assertEquals(1, delegate.requests().size());
    }
  }

  @Test
  void invoke_downedNode_sendsNothingAndLeavesTheAttemptOpen() throws Exception {
    try (var invoker = invoker()) {
      downed.set(true);
      var outcome = invoker.invoke(request()).toCompletableFuture();
      // The ticker runs every 100 ms; several rounds of it change nothing.
      var deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
      while (System.nanoTime() < deadline) {
        assertTrue(delegate.requests().isEmpty(), "a downed node sent an attempt");
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
      // Not failed either: recording an outcome would be a journal write from a downed node.
      assertFalse(outcome.isDone());
    }
  }
}
