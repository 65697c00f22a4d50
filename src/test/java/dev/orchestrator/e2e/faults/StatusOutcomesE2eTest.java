package dev.orchestrator.e2e.faults;

import static dev.orchestrator.e2e.faults.FaultNode.MAX_ATTEMPTS;
import static dev.orchestrator.e2e.faults.FaultNode.assertOneRequestPerAttempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.orchestrator.testing.FaultTarget;
import dev.orchestrator.testing.TargetBehaviours;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * F10, HTTP half: the target answers, but not with success. 5xx and 429 are retried (a Retry-After
 * hint holds the next attempt back at least that long, measured where it counts: at the target);
 * 410, other 4xx and redirects stop after one attempt, and redirects are never followed.
 */
@ExtendWith(FaultNodeExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusOutcomesE2eTest {
  private static final String TIMEOUT = "PT2S";
  private static final Duration HINT = Duration.ofSeconds(1);

  private final FaultNode node;
  private FaultTarget target;
  private FaultTarget redirectTarget;

  StatusOutcomesE2eTest(FaultNode node) {
    this.node = node;
  }

  @BeforeAll
  void startTargets() throws Exception {
    target = FaultTarget.start();
    redirectTarget = FaultTarget.start();
  }

  @AfterAll
  void stopTargets() {
    target.close();
    redirectTarget.close();
  }

  private FaultNode.Outcome run(String path, FaultTarget.Behaviour behaviour) {
    return node.run(target.on(path, behaviour), TIMEOUT);
  }

  private static void assertFailedWithStatus(FaultNode.Outcome done, int status, int attempts) {
    assertEquals("FAILED", done.status(), done.toString());
    assertEquals(attempts, done.attempts(), done.toString());
    assertEquals("HTTP_STATUS", done.errorKind(), done.toString());
    assertEquals(status, done.responseStatus(), done.toString());
  }

  // Arrival gaps at the target: attempt n+1 may not arrive before attempt n's hint has passed.
  private static void assertGapsAtLeast(List<FaultTarget.Hit> hits, Duration min) {
    for (int i = 1; i < hits.size(); i++) {
      Duration gap = Duration.between(hits.get(i - 1).at(), hits.get(i).at());
      assertFalse(gap.compareTo(min) < 0, "attempt " + (i + 1) + " came after only " + gap);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503})
  void execute_targetAnswers5xx_retriedToBudgetThenFailed(int status) {
    String path = "/status-" + status;

    var done = run(path, TargetBehaviours.status(status, Map.of()));

    assertFailedWithStatus(done, status, MAX_ATTEMPTS);
    assertOneRequestPerAttempt(done, target.hits(path));
  }

  @Test
  void execute_503WithRetryAfter_eachRetryArrivesNoEarlierThanTheHint() {
    String path = "/unavailable-retry-after";

    var done = run(path, TargetBehaviours.status(503, Map.of("Retry-After", "1")));

    assertFailedWithStatus(done, 503, MAX_ATTEMPTS);
    assertOneRequestPerAttempt(done, target.hits(path));
    assertGapsAtLeast(target.hits(path), HINT); // the policy alone would wait 0.05–0.2 s
  }

  @Test
  void execute_429WithRetryAfter_retriedAfterTheHintThenSucceeds() {
    String path = "/too-many";

    var done =
        run(
            path,
            TargetBehaviours.inOrder(
                TargetBehaviours.status(429, Map.of("Retry-After", "1")),
                TargetBehaviours.status(200, Map.of())));

    assertEquals("SUCCEEDED", done.status(), done.toString());
    assertEquals(2, done.attempts());
    assertOneRequestPerAttempt(done, target.hits(path));
    assertGapsAtLeast(target.hits(path), HINT);
  }

  @Test
  void execute_429WithoutRetryAfter_retriedToBudgetThenFailed() {
    String path = "/too-many-always";

    var done = run(path, TargetBehaviours.status(429, Map.of()));

    assertFailedWithStatus(done, 429, MAX_ATTEMPTS);
    assertOneRequestPerAttempt(done, target.hits(path));
  }

  @Test
  void execute_targetAnswers410_stopsAfterOneAttempt() {
    var done = run("/gone", TargetBehaviours.status(410, Map.of()));

    assertFailedWithStatus(done, 410, 1);
    assertEquals("HTTP 410 Gone", done.errorMessage());
    assertOneRequestPerAttempt(done, target.hits("/gone"));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 404})
  void execute_targetAnswers4xx_stopsAfterExactlyOneAttempt(int status) {
    String path = "/client-error-" + status;

    var done = run(path, TargetBehaviours.status(status, Map.of()));

    assertFailedWithStatus(done, status, 1);
    assertOneRequestPerAttempt(done, target.hits(path));
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 307})
  void execute_targetRedirects_notFollowedAndStopsAfterOneAttempt(int status) {
    String path = "/moved-" + status;
    String landing = redirectTarget.url("/landing-" + status);

    var done = run(path, TargetBehaviours.status(status, Map.of("Location", landing)));

    assertFailedWithStatus(done, status, 1);
    assertOneRequestPerAttempt(done, target.hits(path));
    assertEquals(List.of(), redirectTarget.hits(), "the redirect target must see nothing");
  }
}
