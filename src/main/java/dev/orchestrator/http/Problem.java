package dev.orchestrator.http;

import java.util.List;

/**
 * An RFC 9457 problem body. {@code type} is a stable URI clients can switch on; {@code errors}
 * lists per-field validation failures, each with a JSON pointer into the request.
 */
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String TYPE_BASE = "https://orchestrator.dev/problems/";

  /** One invalid field: where it is (JSON pointer or query parameter) and what is wrong. */
  public record FieldError(String pointer, String detail) {}

  public static Problem of(String code, String title, int status, String detail) {
    return new Problem(TYPE_BASE + code, title, status, detail, null);
  }

  public static Problem validation(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).pointer() + ": " + errors.get(0).detail()
            : errors.size() + " fields are invalid";
    return new Problem(
        TYPE_BASE + "validation", "Invalid request", 400, detail, List.copyOf(errors));
  }
}
