package dev.orchestrator.http;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ReservedHeaders;
import dev.orchestrator.http.Problem.FieldError;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validates the outgoing request of a submit: method, URL (including the egress policy), headers
 * and body. Headers we set ourselves or that would let a tenant smuggle a second request are
 * refused, never silently dropped.
 */
final class RequestValidator {
  static final int MAX_URL = 2048;
  static final int MAX_HEADERS = 50;
  static final int MAX_HEADER_VALUE = 4096;
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
  private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7E\\t]*");
  // Besides the reserved ones: trace context and signature headers are ours to send.
  private static final Set<String> ALSO_FORBIDDEN =
      Set.of("traceparent", "webhook-id", "webhook-timestamp", "webhook-signature");

  private final Function<String, Optional<String>> destinationCheck;

  RequestValidator(Function<String, Optional<String>> destinationCheck) {
    this.destinationCheck = destinationCheck;
  }

  CallRequest validate(SubmitRequest.RequestBody r, List<FieldError> errors) {
    if (r == null) {
      errors.add(new FieldError("/request", "is required"));
      return null;
    }
    int before = errors.size();
    String method = r.method() == null ? null : r.method().toUpperCase(Locale.ROOT);
    if (method == null) {
      errors.add(new FieldError("/request/method", "is required"));
    } else if (!METHODS.contains(method)) {
      errors.add(
          new FieldError("/request/method", "must be one of " + String.join(", ", sorted())));
    }
    url(r.url(), "/request/url", errors);
    headers(r.headers() == null ? Map.of() : r.headers(), "/request/headers", errors);
    if (r.body() != null && r.body().length() > SubmitRequestValidator.MAX_BODY_CHARS) {
      errors.add(new FieldError("/request/body", "must be at most 131072 characters"));
    } else if (r.body() != null && SubmitRequestValidator.hasLoneSurrogate(r.body())) {
      errors.add(new FieldError("/request/body", SubmitRequestValidator.LONE_SURROGATE));
    }
    if (errors.size() > before) {
      return null;
    }
    return new CallRequest(method, r.url(), r.headers(), r.body());
  }

  /** Checks an outgoing URL (shape and egress policy); errors point at {@code pointer}. */
  void url(String url, String pointer, List<FieldError> errors) {
    if (url == null || url.isBlank()) {
      errors.add(new FieldError(pointer, "is required"));
      return;
    }
    if (url.length() > MAX_URL) {
      errors.add(new FieldError(pointer, "must be at most " + MAX_URL + " characters"));
      return;
    }
    if (SubmitRequestValidator.hasLoneSurrogate(url)) {
      errors.add(new FieldError(pointer, SubmitRequestValidator.LONE_SURROGATE));
      return;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      errors.add(new FieldError(pointer, "must be an absolute http:// or https:// URL"));
      return;
    }
    destinationCheck.apply(url).ifPresent(why -> errors.add(new FieldError(pointer, why)));
  }

  /** Checks outgoing request headers; errors point at {@code pointer}/name. */
  static void headers(Map<String, String> headers, String pointerBase, List<FieldError> errors) {
    if (headers.size() > MAX_HEADERS) {
      errors.add(new FieldError(pointerBase, "at most " + MAX_HEADERS + " headers"));
      return;
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String pointer = pointerBase + "/" + h.getKey().replace("~", "~0").replace("/", "~1");
      String name = h.getKey();
      String value = h.getValue();
      String lower = name.toLowerCase(Locale.ROOT);
      if (!HEADER_NAME.matcher(name).matches()) {
        errors.add(new FieldError(pointer, "is not a valid header name"));
      } else if (ReservedHeaders.isReserved(name) || ALSO_FORBIDDEN.contains(lower)) {
        errors.add(new FieldError(pointer, "may not be set by clients"));
      } else if (value == null) {
        errors.add(new FieldError(pointer, "must be a string"));
      } else if (value.length() > MAX_HEADER_VALUE || !HEADER_VALUE.matcher(value).matches()) {
        errors.add(
            new FieldError(
                pointer, "must be at most 4096 printable ASCII characters (no CR, LF, NUL)"));
      }
    }
  }

  private static List<String> sorted() {
    return METHODS.stream().sorted().toList();
  }
}
