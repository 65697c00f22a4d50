package dev.orchestrator.execution;

import static dev.orchestrator.execution.PekkoHttpInvokerTest.await;
import static dev.orchestrator.execution.PekkoHttpInvokerTest.requestWithTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.config.InvokerSettings;
import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Connections under faults: a timed-out attempt's connection never delays the next attempt, and a
 * connection whose response body was cut is never handed to another request.
 */
class PekkoHttpInvokerConnectionTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static ActorSystem<Void> system;

  @BeforeAll
  static void startSystem() {
    system = PekkoHttpInvokerTest.newSystem();
  }

  @AfterAll
  static void stopSystem() throws Exception {
    PekkoHttpInvokerTest.stop(system);
  }

  @ParameterizedTest
  @CsvSource({"PT0.1S, PT1S", "PT1S, PT1S", "PT1.5S, PT2S", "PT30S, PT32S", "PT30M, PT2048S"})
  void idleTimeoutFor_anyAttemptTimeout_powerOfTwoSecondsNotBelowIt(
      Duration attemptTimeout, Duration idle) {
    assertEquals(idle, PekkoHttpInvoker.idleTimeoutFor(attemptTimeout));
    assertFalse(idle.compareTo(attemptTimeout) < 0);
  }

  // Two connections, four attempts against a target that accepts and never answers. Each
  // abandoned attempt used to hold its connection for the 60 s default idle timeout, so attempts
  // 3 and 4 waited in the pool, timed out without being sent and went out a minute later.
  @Test
  void invoke_blackholedAttemptsBeyondConnectionLimit_eachIsSentWithinItsAttempt()
      throws Exception {
    var settings = new InvokerSettings(2, 64 * 1024, 2048, Duration.ofSeconds(5));
    var invoker = new PekkoHttpInvoker(system, settings, AddressVetter.UNRESTRICTED);
    try (var upstream = LoopbackTarget.answering(200, Map.of(), "ok");
        var proxy = FaultProxy.start(upstream.port())) {
      proxy.mode(new FaultProxy.Blackhole());
      String url = proxy.url("http", "/");

      for (int attempt = 1; attempt <= 4; attempt++) {
        var outcome = await(invoker, requestWithTimeout("GET", url, Map.of(), null, TIMEOUT));
        var failure = (AttemptOutcome.RetryableFailure) outcome;
        assertEquals(ErrorKind.TIMEOUT, failure.error().kind());
        int sent = attempt;
        Await.until(
            Duration.ofSeconds(2), "attempt " + sent + " sent", () -> proxy.accepted() >= sent);
      }
      assertEquals(4, proxy.accepted());
    }
  }

  // Bodies over the read cap are cut by cancelling them. Pekko's host pool took that for a finished
  // response and handed the dying connection to the next request, which failed unsent
  // ("StageWasCompleted") or hung to its timeout: a quarter of these attempts before any fix, and
  // still 1-3 of 80 with Connection: close and a 1 ms connection lifetime. With a connection of its
  // own per attempt no attempt can meet another's connection: every one must succeed, sent once.
  @Test
  void invoke_concurrentResponsesOverTheCap_everyAttemptSucceedsAndIsSentOnce() throws Exception {
    var settings = new InvokerSettings(4, 64 * 1024, 2048, Duration.ofSeconds(5));
    var invoker = new PekkoHttpInvoker(system, settings, AddressVetter.UNRESTRICTED);
    int rounds = 20;
    int concurrent = 8;
    try (var target = LoopbackTarget.answering(200, Map.of(), "x".repeat(200_000))) {
      List<String> failures = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        List<CompletableFuture<AttemptOutcome>> inFlight = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
          var r = requestWithTimeout("GET", target.url("/"), Map.of(), null, Duration.ofSeconds(5));
          inFlight.add(invoker.invoke(r).toCompletableFuture());
        }
        for (var attempt : inFlight) {
          var outcome = attempt.get(10, TimeUnit.SECONDS);
          if (!(outcome instanceof AttemptOutcome.Success)) {
            failures.add(outcome.toString());
          }
        }
      }
      assertEquals(List.of(), failures, "attempts that did not succeed");
      assertEquals(rounds * concurrent, target.received().size(), "each attempt sent exactly once");
    }
  }

  // The pause guard's last word: a connection that completes after the JVM was frozen must not
  // carry its request out (F3 once saw a request leave a downed node this way).
  @Test
  void invoke_notWritable_failsUnsentAndNothingReachesTheTarget() throws Exception {
    var settings = new InvokerSettings(2, 64 * 1024, 2048, Duration.ofSeconds(5));
    var invoker = new PekkoHttpInvoker(system, settings, AddressVetter.UNRESTRICTED, () -> false);
    try (var target = LoopbackTarget.answering(200, Map.of(), "ok")) {
      var outcome =
          await(invoker, requestWithTimeout("GET", target.url("/"), Map.of(), null, TIMEOUT));
      assertTrue(
          outcome instanceof AttemptOutcome.RetryableFailure f
              && f.error().kind() == ErrorKind.CONNECTION,
          "fails as an unsent connection error: " + outcome);
      assertEquals(List.of(), target.received(), "nothing sent");
    }
  }
}
