package dev.orchestrator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.LogCapture;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every line the entity and its attempt log about a call carries the call's tenantId, serviceCallId
 * and correlationId (MDC), from a real node running a call to a loopback target.
 */
class CallMdcLogTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void entityAndAttemptLines_carryTheCallsMdc() throws Exception {
    try (var target = new TargetServer();
        var node = TestNode.start(TestNode.h2Memory("mdc"), "", target.port(), Map.of());
        var logs = LogCapture.start("dev.orchestrator.entity", "dev.orchestrator.execution")) {
      var api = node.client(TestNode.KEY_A);
      String correlation = "order-" + UUID.randomUUID();
      var r =
          api.submit(
              "tenant-a",
              "{\"request\":{\"method\":\"POST\",\"url\":\""
                  + target.url("/mdc")
                  + "\",\"body\":\"{}\"},\"correlationId\":\""
                  + correlation
                  + "\"}");
      assertEquals(201, r.status(), r.body());
      String id = r.json().get("serviceCallId").asText();
      Await.until(
          WAIT,
          "call succeeded and its last line logged",
          () -> logs.text().contains("call is now SUCCEEDED"));

      List<String> callLines =
          logs.text()
              .lines()
              .filter(
                  l ->
                      l.contains("[dev.orchestrator.entity.ServiceCallEntity]")
                          || l.contains("[dev.orchestrator.execution.AttemptRunner]"))
              .filter(l -> l.contains(id) || l.contains("Attempt") || l.contains("Accepted"))
              .toList();
      assertFalse(callLines.isEmpty(), logs.text());
      assertTrue(callLines.stream().anyMatch(l -> l.contains("Attempt 1 started")), logs.text());
      assertTrue(callLines.stream().anyMatch(l -> l.contains("Attempt 1 sending")), logs.text());
      for (String line : callLines) {
        assertTrue(line.contains("tenantId=tenant-a"), line);
        assertTrue(line.contains("serviceCallId=" + id), line);
        assertTrue(line.contains("correlationId=" + correlation), line);
      }
    }
  }
}
