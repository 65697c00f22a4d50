package dev.orchestrator.entity;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorInfo;

/** Reads the error out of a failed outcome. */
final class Outcomes {
  private Outcomes() {}

  static ErrorInfo error(AttemptOutcome outcome) {
    if (outcome instanceof AttemptOutcome.RetryableFailure r) {
      return r.error();
    }
    if (outcome instanceof AttemptOutcome.PermanentFailure p) {
      return p.error();
    }
    return null;
  }
}
