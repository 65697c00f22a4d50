package dev.orchestrator.e2e.faults;

import static dev.orchestrator.e2e.faults.FaultNode.TENANT_A;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.e2e.faults.MixTargets.Case;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * F10's 200-call mix: every case at once, interleaved, through the API. Reconciles like the §4
 * oracle: every call terminal, each as its case says, and per target the attempts the API reports
 * add up to what the target side saw (a hidden client retry or a lost attempt would show here).
 */
@ExtendWith(FaultNodeExtension.class)
class FaultMixE2eTest {
  private static final int CALLS = 200;

  private final FaultNode node;

  FaultMixE2eTest(FaultNode node) {
    this.node = node;
  }

  @Test
  void execute_200CallsAcrossEveryFault_eachEndsAsItsCaseAndAttemptsMatchTargetCounts(
      @TempDir Path dir) throws Exception {
    try (MixTargets mix = MixTargets.start(dir)) {
      List<Case> cases = mix.cases();
      Map<String, Case> caseById = new LinkedHashMap<>();
      Instant due = Instant.now().plusSeconds(1);
      for (int i = 0; i < CALLS; i++) {
        Case c = cases.get(i % cases.size());
        // Spread over 2 s, so the mix is interleaved in time as well as across targets.
        String json = FaultNode.spec(c.url(), c.timeout(), due.plusMillis(10L * i));
        caseById.put(node.submit(TENANT_A, json), c);
      }

      List<String> mismatches = new ArrayList<>();
      Map<Case, Integer> attempts = new HashMap<>();
      caseById.forEach(
          (id, c) -> {
            var done = node.awaitEnd(TENANT_A, id);
            attempts.merge(c, done.attempts(), Integer::sum);
            if (!c.status().equals(done.status())
                || c.attempts() != done.attempts()
                || !Objects.equals(c.errorKind(), done.errorKind())) {
              mismatches.add(c.name() + ": " + done);
            }
          });
      for (Case c : cases) {
        int expected = c.reachable() ? attempts.get(c) : 0;
        int seen = c.seen().getAsInt();
        if (seen != expected) {
          mismatches.add(c.name() + ": target side saw " + seen + ", attempts " + attempts.get(c));
        }
      }

      assertEquals(List.of(), mismatches);
      assertEquals(0, mix.redirectLandingHits(), "redirects must not be followed");
    }
  }
}
