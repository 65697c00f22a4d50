package dev.orchestrator.e2e.faults;

import static dev.orchestrator.e2e.faults.FaultNode.MAX_ATTEMPTS;
import static dev.orchestrator.e2e.faults.FaultNode.TENANT_A;
import static dev.orchestrator.e2e.faults.FaultNode.TENANT_B;
import static dev.orchestrator.e2e.faults.FaultNode.assertOneRequestPerAttempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.FaultTarget;
import dev.orchestrator.testing.TargetBehaviours;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * F9: a target that takes twice the attempt timeout. Each attempt must be cut at its timeout (plus
 * at most 1 s), the call must use exactly its attempts and fail as TIMEOUT; and while one tenant
 * saturates that target, another tenant's calls to a healthy target must still fire on time.
 */
@ExtendWith(FaultNodeExtension.class)
class SlowTargetBulkheadE2eTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration SLOWNESS = TIMEOUT.multipliedBy(2);
  private static final Duration CUT_SLACK = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_LATENESS = Duration.ofSeconds(1);
  // More than the 32 connections the slow target's pool may open: it is saturated, not just busy.
  private static final int SLOW_CALLS = 40;
  private static final int HEALTHY_CALLS = 20;

  private final FaultNode node;

  SlowTargetBulkheadE2eTest(FaultNode node) {
    this.node = node;
  }

  private static FaultTarget.Behaviour slow() {
    return TargetBehaviours.delayed(SLOWNESS, TargetBehaviours.status(200, Map.of()));
  }

  @Test
  void execute_targetTakesTwiceTheTimeout_eachAttemptCutAtTimeoutThenFailedTimeout()
      throws Exception {
    try (var target = FaultTarget.start()) {
      var done = node.run(target.on("/slow", slow()), TIMEOUT.toString());

      assertEquals("FAILED", done.status(), done.toString());
      assertEquals(MAX_ATTEMPTS, done.attempts());
      assertEquals("TIMEOUT", done.errorKind());
      List<FaultTarget.Hit> hits = target.hits("/slow");
      assertOneRequestPerAttempt(done, hits);
      // Attempt n+1 arrives one timeout (the cut) plus backoff after attempt n: not earlier (the
      // timeout was honoured), not later than the cut's slack (the attempt did not hang on).
      for (int i = 1; i < hits.size(); i++) {
        Duration gap = Duration.between(hits.get(i - 1).at(), hits.get(i).at());
        assertFalse(gap.compareTo(TIMEOUT) < 0, "attempt " + (i + 1) + " after only " + gap);
        assertTrue(
            gap.compareTo(TIMEOUT.plus(CUT_SLACK).plus(MAX_BACKOFF)) <= 0,
            "attempt " + i + " was cut only after " + gap);
      }
      Duration lastCut = Duration.between(hits.get(hits.size() - 1).at(), done.finishedAt());
      assertTrue(lastCut.compareTo(TIMEOUT.plus(CUT_SLACK)) <= 0, "last attempt ended " + lastCut);
    }
  }

  @Test
  void execute_oneTenantSaturatesSlowTarget_otherTenantsHealthyCallsStillFireOnTime()
      throws Exception {
    try (var slowTarget = FaultTarget.start();
        var healthy = FaultTarget.start()) {
      String slowUrl = slowTarget.on("/slow", slow());
      List<String> slowIds = new ArrayList<>();
      for (int i = 0; i < SLOW_CALLS; i++) {
        slowIds.add(node.submit(TENANT_A, FaultNode.spec(slowUrl, TIMEOUT.toString(), null)));
      }
      // Due while the slow calls run their three attempts (about 3.5 s from now).
      Map<String, Instant> dueById = new HashMap<>();
      Instant first = Instant.now().plusMillis(500);
      for (int i = 0; i < HEALTHY_CALLS; i++) {
        Instant due = first.plusMillis(150L * i);
        String json = FaultNode.spec(healthy.url("/healthy"), "PT2S", due);
        dueById.put(node.submit(TENANT_B, json), due);
      }

      dueById
          .keySet()
          .forEach(id -> assertEquals("SUCCEEDED", node.awaitEnd(TENANT_B, id).status()));
      for (FaultTarget.Hit hit : healthy.hits("/healthy")) {
        Duration late = Duration.between(dueById.get(hit.callId()), hit.at());
        assertFalse(late.isNegative(), hit.callId() + " fired " + late + " early");
        assertTrue(late.compareTo(MAX_LATENESS) < 0, hit.callId() + " fired " + late + " late");
      }
      assertEquals(HEALTHY_CALLS, healthy.hits("/healthy").size());

      for (String id : slowIds) {
        var done = node.awaitEnd(TENANT_A, id);
        assertEquals("FAILED", done.status(), done.toString());
        assertEquals(MAX_ATTEMPTS, done.attempts(), done.toString());
        assertEquals("TIMEOUT", done.errorKind(), done.toString());
      }
      // Every attempt sends one request, even one that waited for a connection past its timeout.
      int attempts = SLOW_CALLS * MAX_ATTEMPTS;
      Await.until(
          Duration.ofSeconds(20),
          attempts + " requests at the slow target",
          () -> slowTarget.hits("/slow").size() >= attempts);
      assertEquals(attempts, slowTarget.hits("/slow").size());
    }
  }
}
