package dev.orchestrator.execution;

import static dev.orchestrator.execution.PekkoHttpInvokerTest.await;
import static dev.orchestrator.execution.PekkoHttpInvokerTest.requestWithTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.orchestrator.config.InvokerSettings;
import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.FaultProxy;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Connections of timed-out attempts are given back, so a stalled target cannot stall its pool. */
class PekkoHttpInvokerPoolTest {
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
    var settings = new InvokerSettings(2, 4, 64 * 1024, 2048, Duration.ofSeconds(5));
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
}
