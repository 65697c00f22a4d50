package dev.orchestrator.execution;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.domain.ResponseMeta;
import dev.orchestrator.egress.EgressDeniedException;
import dev.orchestrator.egress.EgressViolation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Decides whether what happened in one attempt is success, worth retrying, or final.
 *
 * <p>Contract: 2xx is success; 408, 429 and 5xx are retryable (with the target's Retry-After hint
 * when it gave a valid one); every other status, including 1xx and 3xx (redirects are never
 * followed), is permanent. Timeouts and connection trouble are retryable, because the target may
 * not have seen the request; a destination refused by the egress policy is permanent. Messages are
 * short and readable: no stack traces, no internal class names. Pure: no I/O, no clock reads.
 */
public final class OutcomeClassifier {
  private OutcomeClassifier() {}

  /** Classifies an HTTP answer. {@code now} anchors a Retry-After given as an HTTP-date. */
  public static AttemptOutcome classify(
      int status, Map<String, String> headers, ResponseMeta meta, Instant now) {
    if (status >= 200 && status <= 299) {
      return new AttemptOutcome.Success(meta);
    }
    ErrorInfo error = new ErrorInfo(ErrorKind.HTTP_STATUS, ReasonPhrases.statusLine(status));
    if (status == 408 || status == 429 || (status >= 500 && status <= 599)) {
      return new AttemptOutcome.RetryableFailure(
          error, meta, retryAfter(header(headers, "Retry-After"), now));
    }
    return new AttemptOutcome.PermanentFailure(error, meta);
  }

  /**
   * Parses a Retry-After value: delta-seconds or an IMF-fixdate relative to {@code now}. A date in
   * the past means "now" (zero); anything unparseable or negative is ignored (null), because a
   * garbled hint must not stall the call.
   */
  public static Duration retryAfter(String value, Instant now) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.matches("\\d{1,12}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** No complete response within the attempt's timeout. */
  public static AttemptOutcome timeout(Duration timeout) {
    return new AttemptOutcome.RetryableFailure(
        new ErrorInfo(ErrorKind.TIMEOUT, "no complete response within " + human(timeout)),
        null,
        null);
  }

  /** Connecting or talking to the target failed; the message is reduced to its gist. */
  public static AttemptOutcome connectionFailure(Throwable error) {
    return new AttemptOutcome.RetryableFailure(
        new ErrorInfo(ErrorKind.CONNECTION, FailureMessages.describe(error)), null, null);
  }

  /** The egress policy refused the destination; retrying cannot change that. */
  public static AttemptOutcome destinationRefused(Throwable error) {
    String detail = FailureMessages.clean(error.getMessage());
    return new AttemptOutcome.PermanentFailure(
        new ErrorInfo(
            ErrorKind.DESTINATION_NOT_ALLOWED,
            detail.isEmpty() ? "destination not allowed" : detail),
        null);
  }

  /** The request cannot be sent as stored (bad URL, method or header). */
  public static AttemptOutcome invalidRequest(String reason) {
    return new AttemptOutcome.PermanentFailure(
        new ErrorInfo(ErrorKind.INVALID_REQUEST, reason), null);
  }

  /**
   * Maps any failure of an attempt: an egress refusal anywhere in the cause chain wins (except an
   * unresolvable host, which is connection trouble), then timeouts (ours and the connection's idle
   * timeout), then everything else is connection trouble.
   */
  public static AttemptOutcome fromException(Throwable error, Duration timeout) {
    EgressDeniedException denied = FailureMessages.find(error, EgressDeniedException.class);
    if (denied != null) {
      // DNS failures are transient as often as not; only a policy decision is final.
      return EgressViolation.UNRESOLVABLE_HOST.equals(denied.getViolation().code())
          ? new AttemptOutcome.RetryableFailure(
              new ErrorInfo(ErrorKind.CONNECTION, FailureMessages.clean(denied.getMessage())),
              null,
              null)
          : destinationRefused(denied);
    }
    if (FailureMessages.find(error, TimeoutException.class) != null) {
      return timeout(timeout);
    }
    return connectionFailure(error);
  }

  private static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String human(Duration d) {
    if (d == null) {
      return "the attempt timeout";
    }
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
