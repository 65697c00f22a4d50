package dev.orchestrator.metrics;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ErrorKind;

/** The {@code outcome} label of attempt meters: one value per way an attempt can end. */
public enum AttemptResult {
  SUCCEEDED("succeeded"),
  RETRYABLE_FAILURE("retryable_failure"),
  PERMANENT_FAILURE("permanent_failure"),
  /** No complete response within the call's timeout (retryable, but worth its own series). */
  TIMEOUT("timeout");

  private final String label;

  AttemptResult(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static AttemptResult of(AttemptOutcome outcome) {
    if (outcome instanceof AttemptOutcome.Success) {
      return SUCCEEDED;
    }
    if (outcome instanceof AttemptOutcome.RetryableFailure r) {
      return isTimeout(r.error()) ? TIMEOUT : RETRYABLE_FAILURE;
    }
    var p = (AttemptOutcome.PermanentFailure) outcome;
    return isTimeout(p.error()) ? TIMEOUT : PERMANENT_FAILURE;
  }

  private static boolean isTimeout(ErrorInfo error) {
    return error != null && error.kind() == ErrorKind.TIMEOUT;
  }
}
