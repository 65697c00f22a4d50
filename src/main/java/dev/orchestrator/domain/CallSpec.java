package dev.orchestrator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a client asked for when submitting a call. {@code explicitDue} tells whether the
 * client named {@code dueAt} itself; a due time derived from "now" (a delay or nothing) differs
 * between two otherwise identical submissions, so it does not count when a repeat is compared.
 * {@code trace} is the submit's W3C trace context (or a new trace); it is null in calls stored
 * before trace propagation existed, and it does not count when a repeat is compared either (a
 * retried submit comes with a new span of the client's).
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
    Duration timeout,
    TraceContext trace) {

  public CallSpec {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(timeout, "timeout");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A spec without trace context. */
  public CallSpec(
      String name,
      CallRequest request,
      Instant dueAt,
      boolean explicitDue,
      String idempotencyKey,
      List<String> tags,
      String correlationId,
      RetryPolicy retry,
      Duration timeout) {
    this(
        name,
        request,
        dueAt,
        explicitDue,
        idempotencyKey,
        tags,
        correlationId,
        retry,
        timeout,
        null);
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
        name,
        other,
        dueAt,
        explicitDue,
        idempotencyKey,
        tags,
        correlationId,
        retry,
        timeout,
        trace);
  }

  /** This spec with the given trace context. */
  public CallSpec withTrace(TraceContext other) {
    return new CallSpec(
        name,
        request,
        dueAt,
        explicitDue,
        idempotencyKey,
        tags,
        correlationId,
        retry,
        timeout,
        other);
  }
}
