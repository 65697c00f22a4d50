package dev.orchestrator.egress;

import java.util.Objects;

/**
 * Thrown at connect time when the egress policy refuses a destination. The message is the
 * violation's readable detail, so it can go into an attempt's failure reason as is.
 */
public final class EgressDeniedException extends RuntimeException {

  private final EgressViolation violation;

  public EgressDeniedException(EgressViolation violation) {
    super(Objects.requireNonNull(violation, "violation").detail());
    this.violation = violation;
  }

  public EgressViolation getViolation() {
    return violation;
  }
}
