package dev.orchestrator.entity;

import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ResponseMeta;
import dev.orchestrator.domain.ServiceCallId;
import java.time.Instant;

/**
 * What every non-empty state knows about a call. {@code attempts} is the number of the latest
 * attempt started; {@code interruptions} counts attempts our node lost, so the retry budget charges
 * {@code attempts - interruptions}.
 */
public record CallRecord(
    ServiceCallId id,
    CallSpec spec,
    Instant createdAt,
    int attempts,
    int interruptions,
    Instant startedAt,
    ResponseMeta lastResponse,
    ErrorInfo lastError) {

  static CallRecord created(ServiceCallId id, CallSpec spec, Instant at) {
    return new CallRecord(id, spec, at, 0, 0, null, null, null);
  }

  int attemptsCharged() {
    return attempts - interruptions;
  }

  CallRecord started(int attempt, boolean resumed, Instant at) {
    return new CallRecord(
        id,
        spec,
        createdAt,
        attempt,
        resumed ? interruptions + 1 : interruptions,
        startedAt == null ? at : startedAt,
        lastResponse,
        lastError);
  }

  CallRecord finished(ResponseMeta response, ErrorInfo error) {
    return new CallRecord(id, spec, createdAt, attempts, interruptions, startedAt, response, error);
  }
}
