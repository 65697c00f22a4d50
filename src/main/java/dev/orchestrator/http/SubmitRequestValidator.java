package dev.orchestrator.http;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.RetryPolicy;
import dev.orchestrator.http.Problem.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a submit body into a {@link CallSpec} or the complete list of what is wrong with it, each
 * error naming its field. Bounds are documented in the README ("Limits").
 */
public final class SubmitRequestValidator {
  public static final Duration MAX_HORIZON = Duration.ofDays(366);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);
  public static final int MAX_NAME = 200;
  public static final int MAX_TAGS = 20;
  public static final int MAX_BODY_CHARS = 128 * 1024;
  public static final int MAX_KEY = 255;
  public static final int MAX_CORRELATION_ID = 200;

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
  private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]+");
  static final String LONE_SURROGATE =
      "contains half a surrogate pair (\\ud800-\\udfff escape without its partner), which has no"
          + " UTF-8 form";

  private final Clock clock;
  private final Function<String, Optional<String>> destinationCheck;

  /**
   * @param destinationCheck returns why a URL may not be called, or empty when it may
   */
  public SubmitRequestValidator(Clock clock, Function<String, Optional<String>> destinationCheck) {
    this.clock = clock;
    this.destinationCheck = destinationCheck;
  }

  /** Either a spec or the errors, never both. */
  public record Result(CallSpec spec, List<FieldError> errors) {}

  public Result validate(SubmitRequest in) {
    var errors = new ArrayList<FieldError>();
    String name = text(errors, "/name", in.name(), MAX_NAME, false);
    CallRequest request = new RequestValidator(destinationCheck).validate(in.request(), errors);
    Instant now = clock.instant();
    Instant dueAt = now;
    boolean explicitDue = false;
    if (in.dueAt() != null && in.delay() != null) {
      errors.add(new FieldError("/delay", "give either dueAt or delay, not both"));
    } else if (in.dueAt() != null) {
      dueAt = instant(errors, "/dueAt", in.dueAt());
      explicitDue = true;
      if (dueAt != null && dueAt.isAfter(now.plus(MAX_HORIZON))) {
        errors.add(new FieldError("/dueAt", "must be at most 366 days ahead"));
      }
    } else if (in.delay() != null) {
      Duration delay = duration(errors, "/delay", in.delay(), Duration.ZERO, MAX_HORIZON);
      dueAt = delay == null ? null : now.plus(delay);
    }
    String key = text(errors, "/idempotencyKey", in.idempotencyKey(), MAX_KEY, true);
    List<String> tags = tags(errors, in.tags());
    String correlationId =
        text(errors, "/correlationId", in.correlationId(), MAX_CORRELATION_ID, true);
    RetryPolicy retry = retry(errors, in.retry());
    Duration timeout =
        in.timeout() == null
            ? DEFAULT_TIMEOUT
            : duration(errors, "/timeout", in.timeout(), MIN_TIMEOUT, MAX_TIMEOUT);
    if (!errors.isEmpty()) {
      return new Result(null, List.copyOf(errors));
    }
    return new Result(
        new CallSpec(name, request, dueAt, explicitDue, key, tags, correlationId, retry, timeout),
        List.of());
  }

  private static List<String> tags(List<FieldError> errors, List<String> tags) {
    if (tags == null) {
      return List.of();
    }
    if (tags.size() > MAX_TAGS) {
      errors.add(new FieldError("/tags", "at most " + MAX_TAGS + " tags"));
      return List.of();
    }
    int before = errors.size();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tags.size(); i++) {
      String t = tags.get(i);
      if (t == null || !TAG.matcher(t).matches()) {
        errors.add(
            new FieldError(
                "/tags/" + i, "1-64 characters of A-Z, a-z, 0-9, '.', '_', ':', '/', '-'"));
      } else if (!seen.add(t)) {
        errors.add(new FieldError("/tags/" + i, "duplicate tag"));
      }
    }
    // List.copyOf throws on a null element, which was just reported as an error.
    return errors.size() > before ? List.of() : List.copyOf(tags);
  }

  private static RetryPolicy retry(List<FieldError> errors, SubmitRequest.RetryBody r) {
    RetryPolicy d = RetryPolicy.DEFAULT;
    if (r == null) {
      return d;
    }
    int before = errors.size();
    int max = r.maxAttempts() == null ? d.maximumAttempts() : r.maxAttempts();
    if (max < 1 || max > RetryPolicy.MAX_ATTEMPTS_LIMIT) {
      errors.add(new FieldError("/retry/maxAttempts", "must be between 1 and 100"));
    }
    Duration initial =
        r.initialBackoff() == null
            ? d.initialInterval()
            : duration(
                errors,
                "/retry/initialBackoff",
                r.initialBackoff(),
                RetryPolicy.MIN_INTERVAL,
                RetryPolicy.MAX_INITIAL_INTERVAL);
    Duration maxBackoff =
        r.maxBackoff() == null
            ? null
            : duration(
                errors,
                "/retry/maxBackoff",
                r.maxBackoff(),
                RetryPolicy.MIN_INTERVAL,
                RetryPolicy.MAX_INTERVAL_LIMIT);
    double coefficient =
        r.backoffCoefficient() == null ? d.backoffCoefficient() : r.backoffCoefficient();
    if (!(coefficient >= 1.0 && coefficient <= 10.0)) {
      errors.add(new FieldError("/retry/backoffCoefficient", "must be between 1.0 and 10.0"));
    }
    if (errors.size() > before) {
      return d;
    }
    if (maxBackoff == null) {
      maxBackoff = initial.compareTo(d.maximumInterval()) > 0 ? initial : d.maximumInterval();
    } else if (maxBackoff.compareTo(initial) < 0) {
      errors.add(new FieldError("/retry/maxBackoff", "must not be less than initialBackoff"));
      return d;
    }
    return new RetryPolicy(max, initial, coefficient, maxBackoff);
  }

  static String text(
      List<FieldError> errors, String pointer, String value, int max, boolean ascii) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > max) {
      errors.add(new FieldError(pointer, "must be 1-" + max + " characters"));
    } else if (hasLoneSurrogate(value)) {
      errors.add(new FieldError(pointer, LONE_SURROGATE));
    } else if (ascii && !PRINTABLE.matcher(value).matches()) {
      errors.add(new FieldError(pointer, "must be printable ASCII"));
    } else if (!ascii && value.codePoints().anyMatch(Character::isISOControl)) {
      errors.add(new FieldError(pointer, "must not contain control characters"));
    }
    return value;
  }

  /**
   * True when {@code s} holds half a surrogate pair (JSON allows the escape {@code \\ud800} alone).
   * Such a string has no UTF-8 form, so it could be neither stored nor sent as given.
   */
  static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  static Instant instant(List<FieldError> errors, String pointer, String value) {
    try {
      Instant t = OffsetDateTime.parse(value).toInstant();
      if (t.isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
        errors.add(new FieldError(pointer, "must not be before 2000-01-01"));
        return null;
      }
      return t;
    } catch (DateTimeParseException e) {
      errors.add(
          new FieldError(
              pointer, "must be an RFC 3339 timestamp with offset, e.g. 2026-11-23T12:00:00Z"));
      return null;
    }
  }

  static Duration duration(
      List<FieldError> errors, String pointer, String value, Duration min, Duration max) {
    try {
      Duration d = Duration.parse(value);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        errors.add(new FieldError(pointer, "must be between " + min + " and " + max));
        return null;
      }
      return d;
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(pointer, "must be an ISO-8601 duration, e.g. PT30S"));
      return null;
    }
  }
}
