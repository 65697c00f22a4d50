package dev.orchestrator.execution;

import static dev.orchestrator.execution.PekkoHttpInvokerTest.await;
import static dev.orchestrator.execution.PekkoHttpInvokerTest.request;
import static dev.orchestrator.execution.PekkoHttpInvokerTest.requestWithTimeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.config.InvokerSettings;
import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.egress.EgressDeniedException;
import dev.orchestrator.egress.EgressViolation;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Misbehaving targets and refused destinations: each maps to the documented outcome. */
class PekkoHttpInvokerFailureTest {
  private static ActorSystem<Void> system;
  private static PekkoHttpInvoker invoker;

  @BeforeAll
  static void startSystem() {
    system = PekkoHttpInvokerTest.newSystem();
    invoker = newInvoker(AddressVetter.UNRESTRICTED);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    PekkoHttpInvokerTest.stop(system);
  }

  private static PekkoHttpInvoker newInvoker(AddressVetter vetter) {
    return new PekkoHttpInvoker(system, InvokerSettings.defaults(), vetter);
  }

  private static ErrorKind kindOf(AttemptOutcome outcome) {
    if (outcome instanceof AttemptOutcome.RetryableFailure r) {
      return r.error().kind();
    }
    return assertInstanceOf(AttemptOutcome.PermanentFailure.class, outcome).error().kind();
  }

  private static String messageOf(AttemptOutcome outcome) {
    return outcome instanceof AttemptOutcome.RetryableFailure r
        ? r.error().message()
        : ((AttemptOutcome.PermanentFailure) outcome).error().message();
  }

  @Test
  void invoke_targetStallsBeyondTimeout_isTimeoutWithinTimeoutPlusOneSecond() throws Exception {
    Duration timeout = Duration.ofMillis(700);
    try (var target = LoopbackTarget.start((ex, t) -> t.release.await())) {
      long start = System.nanoTime();
      var outcome =
          await(invoker, requestWithTimeout("POST", target.url("/"), Map.of(), "{}", timeout));
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;

      var failure = assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
      assertEquals(ErrorKind.TIMEOUT, failure.error().kind());
      assertNull(failure.response());
      assertTrue(elapsedMs < timeout.toMillis() + 1000, "took " + elapsedMs + " ms");
    }
  }

  @Test
  void invoke_targetDribblesBodyBeyondTimeout_isTimeout() throws Exception {
    Duration timeout = Duration.ofMillis(700);
    try (var target =
        LoopbackTarget.start(
            (ex, t) -> {
              ex.sendResponseHeaders(200, 0); // chunked: head now, body "later"
              OutputStream out = ex.getResponseBody();
              out.write("partial".getBytes());
              out.flush();
              t.release.await();
            })) {
      long start = System.nanoTime();
      var outcome =
          await(invoker, requestWithTimeout("GET", target.url("/"), Map.of(), null, timeout));
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;

      assertEquals(ErrorKind.TIMEOUT, kindOf(outcome));
      assertTrue(elapsedMs < timeout.toMillis() + 1000, "took " + elapsedMs + " ms");
    }
  }

  @Test
  void invoke_nothingListens_isConnectionRefused() throws Exception {
    int port;
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    var outcome = await(invoker, request("POST", "http://127.0.0.1:" + port + "/", Map.of(), "{}"));

    assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
    assertEquals(ErrorKind.CONNECTION, kindOf(outcome));
    assertEquals("connection refused", messageOf(outcome));
  }

  @Test
  void invoke_targetResetsConnection_isConnectionFailure() throws Exception {
    try (var target = new LoopbackTarget.RawTarget(LoopbackTarget.Misbehaviour.RESET)) {
      var outcome =
          await(
              invoker, request("POST", "http://127.0.0.1:" + target.port() + "/", Map.of(), "{}"));

      assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
      assertEquals(ErrorKind.CONNECTION, kindOf(outcome));
      assertEquals("connection reset by peer", messageOf(outcome));
    }
  }

  // Pekko's pool would transparently re-send an idempotent GET after a dropped connection
  // (max-retries); the target must see it exactly once.
  @Test
  void invoke_targetClosesWithoutAnswer_isConnectionFailureAfterExactlyOneRequest()
      throws Exception {
    try (var target = new LoopbackTarget.RawTarget(LoopbackTarget.Misbehaviour.CLOSE)) {
      var outcome =
          await(invoker, request("GET", "http://127.0.0.1:" + target.port() + "/", Map.of(), null));

      assertEquals(ErrorKind.CONNECTION, kindOf(outcome));
      assertEquals(
          "connection closed by the target before the response was complete", messageOf(outcome));
      assertEquals(1, target.requests.get());
    }
  }

  @Test
  void invoke_vetterRefusesDestination_isDestinationNotAllowedAndTargetSeesNothing()
      throws Exception {
    var refusing =
        newInvoker(
            (host, port) -> {
              throw new EgressDeniedException(
                  new EgressViolation(
                      EgressViolation.DESTINATION_NOT_ALLOWED, "127.0.0.1 is a loopback address"));
            });
    try (var target = LoopbackTarget.answering(200, Map.of(), "")) {
      var outcome = await(refusing, request("POST", target.url("/"), Map.of(), "{}"));

      var failure = assertInstanceOf(AttemptOutcome.PermanentFailure.class, outcome);
      assertEquals(ErrorKind.DESTINATION_NOT_ALLOWED, failure.error().kind());
      assertEquals("127.0.0.1 is a loopback address", failure.error().message());
      assertEquals(0, target.received().size());
    }
  }

  // The connect goes to the address the vetter returned, not to a fresh lookup of the name (which
  // for .invalid would fail): the check and the connect cannot disagree. Host keeps the name.
  @Test
  void invoke_vetterResolvesName_connectsToVettedAddressAndKeepsHostHeader() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    try (var target = LoopbackTarget.answering(200, Map.of(), "ok")) {
      var pinned =
          newInvoker(
              (host, port) -> {
                asked.add(host + ":" + port);
                return new InetSocketAddress(InetAddress.getLoopbackAddress(), target.port());
              });
      String url = "http://rebind.invalid:" + target.port() + "/x";
      var outcome = await(pinned, request("GET", url, Map.of(), null));

      assertInstanceOf(AttemptOutcome.Success.class, outcome);
      assertEquals(List.of("rebind.invalid:" + target.port()), asked);
      assertEquals("rebind.invalid:" + target.port(), target.received().get(0).header("Host"));
    }
  }

  @Test
  void invoke_vetterCannotResolve_isRetryableConnectionFailure() throws Exception {
    var unresolving =
        newInvoker(
            (host, port) -> {
              throw new UnknownHostException(host);
            });
    var outcome = await(unresolving, request("GET", "http://nowhere.invalid/", Map.of(), null));

    assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
    assertEquals(ErrorKind.CONNECTION, kindOf(outcome));
    assertEquals("unknown host: nowhere.invalid", messageOf(outcome));
  }

  @Test
  void invoke_httpsToPlainHttpTarget_isTlsConnectionFailure() throws Exception {
    try (var target =
        new LoopbackTarget.RawTarget(LoopbackTarget.Misbehaviour.PLAINTEXT_GREETING)) {
      String url = "https://127.0.0.1:" + target.port() + "/";
      var outcome = await(invoker, request("GET", url, Map.of(), null));

      assertEquals(ErrorKind.CONNECTION, kindOf(outcome));
      assertTrue(messageOf(outcome).startsWith("TLS"), messageOf(outcome));
    }
  }
}
