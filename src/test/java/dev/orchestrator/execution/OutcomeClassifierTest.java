package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.domain.ResponseMeta;
import dev.orchestrator.egress.EgressDeniedException;
import dev.orchestrator.egress.EgressViolation;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutcomeClassifierTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static AttemptOutcome classify(int status, Map<String, String> headers) {
    return OutcomeClassifier.classify(
        status, headers, new ResponseMeta(status, headers, "", 1), NOW);
  }

  private static ErrorInfo errorOf(AttemptOutcome o) {
    return o instanceof AttemptOutcome.RetryableFailure r
        ? r.error()
        : assertInstanceOf(AttemptOutcome.PermanentFailure.class, o).error();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 202, 204, 299})
  void classify_2xx_isSuccessKeepingMeta(int status) {
    var meta = new ResponseMeta(status, Map.of(), "ok", 3);
    var outcome = OutcomeClassifier.classify(status, Map.of(), meta, NOW);
    assertSame(meta, assertInstanceOf(AttemptOutcome.Success.class, outcome).response());
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
  void classify_408_429_5xx_isRetryableHttpStatus(int status) {
    var failure =
        assertInstanceOf(AttemptOutcome.RetryableFailure.class, classify(status, Map.of()));
    assertEquals(ErrorKind.HTTP_STATUS, failure.error().kind());
    assertEquals(status, failure.response().statusCode());
    assertNull(failure.retryAfter());
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 101, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 409, 410, 422})
  void classify_otherStatuses_arePermanent(int status) {
    var failure =
        assertInstanceOf(AttemptOutcome.PermanentFailure.class, classify(status, Map.of()));
    assertEquals(ErrorKind.HTTP_STATUS, failure.error().kind());
  }

  @Test
  void classify_messagesCarryStatusAndReasonPhrase() {
    assertEquals("HTTP 503 Service Unavailable", errorOf(classify(503, Map.of())).message());
    assertEquals("HTTP 404 Not Found", errorOf(classify(404, Map.of())).message());
    assertEquals("HTTP 599", errorOf(classify(599, Map.of())).message());
  }

  @Test
  void classify_retryAfterSeconds_becomesHint_headerNameCaseInsensitive() {
    var failure = (AttemptOutcome.RetryableFailure) classify(503, Map.of("retry-after", " 5 "));
    assertEquals(Duration.ofSeconds(5), failure.retryAfter());
  }

  @Test
  void classify_retryAfterHttpDate_isRelativeToNow() {
    var failure =
        (AttemptOutcome.RetryableFailure)
            classify(429, Map.of("Retry-After", "Mon, 23 Nov 2026 12:01:30 GMT"));
    assertEquals(Duration.ofSeconds(90), failure.retryAfter());
  }

  @Test
  void classify_retryAfterOnPermanentStatus_isIgnored() {
    assertInstanceOf(
        AttemptOutcome.PermanentFailure.class, classify(400, Map.of("Retry-After", "5")));
  }

  @Test
  void retryAfter_pastDateIsZero_garbageAndNegativeAreNull() {
    assertEquals(Duration.ZERO, OutcomeClassifier.retryAfter("Sun, 22 Nov 2026 12:00:00 GMT", NOW));
    assertNull(OutcomeClassifier.retryAfter("-5", NOW));
    assertNull(OutcomeClassifier.retryAfter("soon", NOW));
    assertNull(OutcomeClassifier.retryAfter("1.5", NOW));
    assertNull(OutcomeClassifier.retryAfter("99999999999999999999", NOW));
    assertNull(OutcomeClassifier.retryAfter(null, NOW));
    assertEquals(Duration.ZERO, OutcomeClassifier.retryAfter("0", NOW));
  }

  @Test
  void timeout_isRetryableTimeoutWithoutResponse() {
    var failure =
        assertInstanceOf(AttemptOutcome.RetryableFailure.class, OutcomeClassifier.timeout(TIMEOUT));
    assertEquals(ErrorKind.TIMEOUT, failure.error().kind());
    assertEquals("no complete response within 2 s", failure.error().message());
    assertNull(failure.response());
  }

  @Test
  void fromException_timeoutAnywhereInChain_isTimeout() {
    var error = new CompletionException(new TimeoutException("idle"));
    assertEquals(
        ErrorKind.TIMEOUT, errorOf(OutcomeClassifier.fromException(error, TIMEOUT)).kind());
  }

  @Test
  void fromException_pekkoStyleRefusal_isShortConnectionMessage() {
    var error =
        new RuntimeException(
            "Tcp command [Connect(127.0.0.1:1,None,List(),Some(5 seconds),true)] failed because"
                + " of java.net.ConnectException: Connection refused",
            new ConnectException("Connection refused"));
    var outcome = OutcomeClassifier.fromException(new CompletionException(error), TIMEOUT);
    assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
    assertEquals(new ErrorInfo(ErrorKind.CONNECTION, "connection refused"), errorOf(outcome));
  }

  @Test
  void fromException_knownConnectionProblems_getFixedWording() {
    assertEquals("unknown host: x.invalid", message(new UnknownHostException("x.invalid")));
    assertEquals("connection reset by peer", message(new IOException("Connection reset by peer")));
    assertEquals(
        "connection closed by the target before the response was complete",
        message(
            new RuntimeException(
                "The http server closed the connection unexpectedly before delivering responses"
                    + " for 1 outstanding requests")));
    assertTrue(message(new SSLHandshakeException("PKIX path building failed")).startsWith("TLS"));
  }

  @Test
  void fromException_unknownError_dropsClassNamesAndStackLines() {
    String m =
        message(
            new IllegalStateException(
                "org.apache.pekko.stream.SomethingException: weird state\n\tat a.b.C.d(C.java:1)"));
    assertEquals("connection failed: weird state", m);
    assertFalse(message(new IllegalStateException("x".repeat(5000))).length() > 250);
    assertEquals("connection failed (IllegalStateException)", message(new IllegalStateException()));
  }

  @Test
  void fromException_egressDenied_isPermanentDestinationNotAllowed() {
    var denied =
        new EgressDeniedException(
            new EgressViolation(EgressViolation.DESTINATION_NOT_ALLOWED, "10.0.0.1 is private"));
    var outcome = OutcomeClassifier.fromException(new CompletionException(denied), TIMEOUT);
    var failure = assertInstanceOf(AttemptOutcome.PermanentFailure.class, outcome);
    assertEquals(
        new ErrorInfo(ErrorKind.DESTINATION_NOT_ALLOWED, "10.0.0.1 is private"), failure.error());
    assertNull(failure.response());
  }

  @Test
  void fromException_egressUnresolvableHost_isRetryableConnection() {
    var denied =
        new EgressDeniedException(
            new EgressViolation(EgressViolation.UNRESOLVABLE_HOST, "x.invalid does not resolve"));
    var outcome = OutcomeClassifier.fromException(denied, TIMEOUT);
    var failure = assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
    assertEquals(ErrorKind.CONNECTION, failure.error().kind());
  }

  @Test
  void invalidRequest_isPermanent() {
    var failure =
        assertInstanceOf(
            AttemptOutcome.PermanentFailure.class, OutcomeClassifier.invalidRequest("bad URL"));
    assertEquals(ErrorKind.INVALID_REQUEST, failure.error().kind());
  }

  private static String message(Throwable t) {
    var outcome = OutcomeClassifier.fromException(t, TIMEOUT);
    assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
    return errorOf(outcome).message();
  }
}
