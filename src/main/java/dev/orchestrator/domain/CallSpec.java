package dev.orchestrator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a client asked for when submitting a call. {@code explicitDue} tells whether the
 * client named {@code dueAt} itself; a due time derived from "now" (a delay or nothing) differs
 * between two otherwise identical submissions, so it does not count when a repeat is compared.
 */
public record CallSpec(
    String name,
    CallRequest request,
    Instant dueAt,
    boolean explicitDue,
    String idempotencyKey,
    List<String> tags,
    String correlationId,
    RetryPolicy retry,
    Duration timeout) {

  public CallSpec {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** True when {@code other} is the same request, i.e. a repeat of this submission. */
  public boolean sameIntentAs(CallSpec other) {
    boolean sameDue = !(explicitDue && other.explicitDue) || dueAt.equals(other.dueAt);
    return sameDue
        && explicitDue == other.explicitDue
        && Objects.equals(name, other.name)
        && request.equals(other.request)
        && Objects.equals(idempotencyKey, other.idempotencyKey)
        && tags.equals(other.tags)
        && Objects.equals(correlationId, other.correlationId)
        && retry.equals(other.retry)
        && timeout.equals(other.timeout);
  }

  /** This spec with another request (the same request with its sensitive headers sealed). */
  public CallSpec withRequest(CallRequest other) {
    return new CallSpec(
        name, other, dueAt, explicitDue, idempotencyKey, tags, correlationId, retry, timeout);
  }
}
