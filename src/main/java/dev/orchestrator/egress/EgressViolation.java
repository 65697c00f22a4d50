package dev.orchestrator.egress;

import java.util.Objects;

/**
 * Why a URL or destination was refused: a stable {@code code} clients and metrics can switch on,
 * and a readable {@code detail} that never contains secrets (userinfo is never echoed).
 */
public record EgressViolation(String code, String detail) {

  /** The URL is malformed or uses something we refuse syntactically (scheme, userinfo, port). */
  public static final String INVALID_URL = "invalid_url";

  /** The host name or a resolved address is refused by the egress policy. */
  public static final String DESTINATION_NOT_ALLOWED = "destination_not_allowed";

  /** The host name did not resolve; the caller decides whether that is final. */
  public static final String UNRESOLVABLE_HOST = "unresolvable_host";

  public EgressViolation {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
  }

  static EgressViolation invalidUrl(String detail) {
    return new EgressViolation(INVALID_URL, detail);
  }

  static EgressViolation notAllowed(String detail) {
    return new EgressViolation(DESTINATION_NOT_ALLOWED, detail);
  }

  static EgressViolation unresolvable(String detail) {
    return new EgressViolation(UNRESOLVABLE_HOST, detail);
  }
}
