package dev.orchestrator.metrics;

/**
 * The {@code result} and {@code reason} labels of the submissions counter, read off the response a
 * submit got: one place that sees every outcome, including refusals made before the body is read.
 */
public enum SubmitResult {
  ACCEPTED("accepted", "none"),
  /** An idempotent repeat answered with the existing call (200). */
  REPEATED("repeated", "none"),
  MALFORMED("rejected", "malformed"),
  UNAUTHORIZED("rejected", "unauthorized"),
  FORBIDDEN("rejected", "forbidden"),
  CONFLICT("rejected", "conflict"),
  TOO_LARGE("rejected", "too_large"),
  UNSUPPORTED_MEDIA_TYPE("rejected", "unsupported_media_type"),
  RATE_LIMITED("rejected", "rate_limited"),
  QUOTA_EXCEEDED("rejected", "quota_exceeded"),
  UNAVAILABLE("rejected", "unavailable"),
  ERROR("rejected", "error"),
  OTHER("rejected", "other");

  private final String result;
  private final String reason;

  SubmitResult(String result, String reason) {
    this.result = result;
    this.reason = reason;
  }

  public String result() {
    return result;
  }

  public String reason() {
    return reason;
  }

  /**
   * @param retryAfter whether the response carries Retry-After: a 429 with it is the rate limit,
   *     one without is the pending-call quota (see http.SubmitLimits)
   */
  public static SubmitResult of(int status, boolean retryAfter) {
    if (status == 201) {
      return ACCEPTED;
    }
    if (status >= 200 && status < 300) {
      return REPEATED;
    }
    return switch (status) {
      case 400, 422 -> MALFORMED;
      case 401 -> UNAUTHORIZED;
      case 403, 404 -> FORBIDDEN;
      case 409 -> CONFLICT;
      case 413 -> TOO_LARGE;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 429 -> retryAfter ? RATE_LIMITED : QUOTA_EXCEEDED;
      case 503 -> UNAVAILABLE;
      default -> status >= 500 ? ERROR : OTHER;
    };
  }
}
