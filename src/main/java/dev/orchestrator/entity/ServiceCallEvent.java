package dev.orchestrator.entity;

import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ResponseMeta;
import dev.orchestrator.domain.ServiceCallId;
import java.time.Instant;

/**
 * Facts in a call's journal. Their names and fields are a public schema (event stream,
 * projections): renaming or moving one needs a Jackson migration. Every event carries the call's id
 * and the instant it happened, so readers need no envelope parsing.
 */
public sealed interface ServiceCallEvent extends CborSerializable {
  ServiceCallId callId();

  Instant at();

  /** Accepted and scheduled in one atomic write; carries the full spec. */
  record ServiceCallScheduled(ServiceCallId callId, CallSpec spec, Instant at)
      implements ServiceCallEvent {}

  /**
   * An attempt begins. {@code attempt} is 1-based and only grows (it is the fence token sent as
   * X-Attempt); {@code resumed} marks a re-run of an attempt our node lost, which does not use up
   * the retry budget. {@code node} is the cluster address (host:port) of the node that runs it;
   * null in events written before it was recorded.
   */
  record ExecutionStarted(
      ServiceCallId callId, int attempt, boolean resumed, Instant deadline, String node, Instant at)
      implements ServiceCallEvent {}

  /** An attempt failed and another one is planned at {@code nextAttemptAt}. */
  record AttemptFailed(
      ServiceCallId callId,
      int attempt,
      ErrorInfo error,
      ResponseMeta response,
      Instant nextAttemptAt,
      Instant at)
      implements ServiceCallEvent {}

  record ServiceCallSucceeded(ServiceCallId callId, int attempt, ResponseMeta response, Instant at)
      implements ServiceCallEvent {}

  /** Final failure: a permanent error, an exhausted retry budget, or too many interruptions. */
  record ServiceCallFailed(
      ServiceCallId callId, int attempt, ErrorInfo error, ResponseMeta response, Instant at)
      implements ServiceCallEvent {}

  record ServiceCallCancelled(ServiceCallId callId, String reason, String by, Instant at)
      implements ServiceCallEvent {}
}
