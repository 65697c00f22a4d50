package dev.orchestrator.entity;

import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ResponseMeta;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.ServiceCallStatus;
import java.time.Instant;

/**
 * The entity's answer to every command: a consistent view of the call. {@code created} is true only
 * in the reply to the submit that created the call, so the API can tell 201 from a repeat's 200.
 */
public record Summary(
    ServiceCallId id,
    ServiceCallStatus status,
    CallSpec spec,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int attempts,
    Instant nextAttemptAt,
    ResponseMeta response,
    ErrorInfo error,
    boolean created)
    implements CborSerializable {

  static Summary of(ServiceCallState state, boolean created) {
    CallRecord c = state.call();
    Instant next = null;
    Instant finished = null;
    if (state instanceof ServiceCallState.Scheduled s) {
      next = s.nextAttemptAt();
    } else if (state instanceof ServiceCallState.Succeeded s) {
      finished = s.finishedAt();
    } else if (state instanceof ServiceCallState.Failed f) {
      finished = f.finishedAt();
    } else if (state instanceof ServiceCallState.Cancelled x) {
      finished = x.finishedAt();
    }
    return new Summary(
        c.id(),
        state.status(),
        c.spec(),
        c.createdAt(),
        c.startedAt(),
        finished,
        c.attempts(),
        next,
        c.lastResponse(),
        c.lastError(),
        created);
  }
}
