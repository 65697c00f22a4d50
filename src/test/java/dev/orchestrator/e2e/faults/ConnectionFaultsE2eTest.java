package dev.orchestrator.e2e.faults;

import static dev.orchestrator.e2e.faults.FaultNode.MAX_ATTEMPTS;
import static dev.orchestrator.e2e.faults.FaultNode.assertOneRequestPerAttempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.FaultProxy;
import dev.orchestrator.testing.FaultTarget;
import dev.orchestrator.testing.RawHttpTarget;
import dev.orchestrator.testing.TargetBehaviours;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * F10, transport half: a target that cannot be reached or breaks the exchange. Each case is one
 * call through the API; every one is retryable, so each must use exactly the policy's attempts, end
 * FAILED with the right error kind, and the target side must have seen one request per attempt (no
 * hidden client retries).
 */
@ExtendWith(FaultNodeExtension.class)
class ConnectionFaultsE2eTest {
  // Fast failures get a generous timeout so that only the fault, never the clock, decides.
  private static final String FAILS_FAST = "PT2S";
  private static final String SHORT = "PT0.5S";

  private final FaultNode node;

  ConnectionFaultsE2eTest(FaultNode node) {
    this.node = node;
  }

  private static void assertRetriedToBudget(FaultNode.Outcome done, String kind) {
    assertEquals("FAILED", done.status(), done.toString());
    assertEquals(MAX_ATTEMPTS, done.attempts(), done.toString());
    assertEquals(kind, done.errorKind(), done.toString());
  }

  @Test
  void execute_connectionRefused_retriedToBudgetThenFailedConnection() throws Exception {
    try (var upstream = FaultTarget.start();
        var proxy = FaultProxy.start(upstream.port())) {
      proxy.mode(new FaultProxy.Refuse());

      var done = node.run(proxy.url("http", "/refused"), FAILS_FAST);

      assertRetriedToBudget(done, "CONNECTION");
      assertEquals("connection refused", done.errorMessage());
      assertEquals(0, proxy.accepted(), "nothing can be accepted while refusing");
      assertEquals(0, upstream.hits().size());
    }
  }

  @Test
  void execute_acceptThenBlackhole_eachAttemptTimesOutAndIsRetriedToBudget() throws Exception {
    try (var upstream = FaultTarget.start();
        var proxy = FaultProxy.start(upstream.port())) {
      proxy.mode(new FaultProxy.Blackhole());

      var done = node.run(proxy.url("http", "/blackhole"), SHORT);

      assertRetriedToBudget(done, "TIMEOUT");
      assertEquals("no complete response within 500 ms", done.errorMessage());
      // One connection per attempt (connections are never reused), none forwarded.
      assertEquals(MAX_ATTEMPTS, proxy.accepted(), "connections the blackhole accepted");
      assertEquals(0, upstream.hits().size());
    }
  }

  @Test
  void execute_resetMidResponse_retriedToBudgetThenFailedConnection() throws Exception {
    try (var upstream = FaultTarget.start();
        var proxy = FaultProxy.start(upstream.port())) {
      upstream.on("/reset", TargetBehaviours.stream(32 * 1024, new TargetBehaviours.StreamProbe()));
      proxy.mode(new FaultProxy.Reset(8 * 1024)); // head and part of the body, then RST

      var done = node.run(proxy.url("http", "/reset"), FAILS_FAST);

      assertRetriedToBudget(done, "CONNECTION");
      assertTrue(done.errorMessage().contains("reset"), done.errorMessage());
      assertOneRequestPerAttempt(done, upstream.hits("/reset"));
    }
  }

  @Test
  void execute_emptyResponse_retriedToBudgetThenFailedConnection() throws Exception {
    try (var target = RawHttpTarget.start("")) {
      var done = node.run(target.url("/empty"), FAILS_FAST);

      assertRetriedToBudget(done, "CONNECTION");
      assertEquals(
          "connection closed by the target before the response was complete", done.errorMessage());
      assertOneRequestPerAttempt(done, target.hits());
    }
  }

  @Test
  void execute_malformedChunkedBody_retriedToBudgetThenFailedConnection() throws Exception {
    try (var target = RawHttpTarget.start(RawHttpTarget.MALFORMED_CHUNKED)) {
      var done = node.run(target.url("/malformed"), FAILS_FAST);

      assertRetriedToBudget(done, "CONNECTION");
      assertTrue(done.errorMessage().startsWith("invalid response"), done.errorMessage());
      assertOneRequestPerAttempt(done, target.hits());
    }
  }

  @Test
  void execute_bodyDribbledBeyondTimeout_eachAttemptTimesOutAndIsRetriedToBudget()
      throws Exception {
    try (var target = FaultTarget.start()) {
      String url =
          target.on(
              "/dribble", TargetBehaviours.dribble(Duration.ofMillis(100), Duration.ofSeconds(5)));

      var done = node.run(url, SHORT);

      assertRetriedToBudget(done, "TIMEOUT");
      assertOneRequestPerAttempt(done, target.hits("/dribble"));
    }
  }
}
