package dev.orchestrator.entity;

import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.entity.ServiceCallEvent.AttemptFailed;
import dev.orchestrator.entity.ServiceCallEvent.ExecutionStarted;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallCancelled;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallFailed;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallScheduled;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallSucceeded;
import java.time.Instant;

/**
 * One record per lifecycle phase. Transition methods are named after the event they apply; the
 * event handler only routes events to them, so an impossible event in a phase fails loudly at the
 * type level instead of silently corrupting state.
 */
public sealed interface ServiceCallState extends CborSerializable {

  /** The call's data, or null for {@link Empty}. */
  CallRecord call();

  ServiceCallStatus status();

  /** No call with this id was ever accepted. */
  record Empty(CallRecord call) implements ServiceCallState {
    static final Empty INSTANCE = new Empty(null);

    @Override
    public ServiceCallStatus status() {
      return null;
    }

    Scheduled schedule(ServiceCallScheduled e) {
      return new Scheduled(CallRecord.created(e.callId(), e.spec(), e.at()), e.spec().dueAt());
    }
  }

  /** Waiting for {@code nextAttemptAt}: the due time, or the time of the next retry. */
  record Scheduled(CallRecord call, Instant nextAttemptAt) implements ServiceCallState {
    @Override
    public ServiceCallStatus status() {
      return ServiceCallStatus.SCHEDULED;
    }

    Running start(ExecutionStarted e) {
      return new Running(call.started(e.attempt(), e.resumed(), e.at()), e.attempt(), e.deadline());
    }

    Cancelled cancel(ServiceCallCancelled e) {
      return new Cancelled(call, e.at(), e.reason());
    }
  }

  /** An attempt is (or was, before a crash) in flight until {@code deadline}. */
  record Running(CallRecord call, int attempt, Instant deadline) implements ServiceCallState {
    @Override
    public ServiceCallStatus status() {
      return ServiceCallStatus.RUNNING;
    }

    Running restart(ExecutionStarted e) {
      return new Running(call.started(e.attempt(), e.resumed(), e.at()), e.attempt(), e.deadline());
    }

    Scheduled retryLater(AttemptFailed e) {
      return new Scheduled(call.finished(e.response(), e.error()), e.nextAttemptAt());
    }

    Succeeded succeed(ServiceCallSucceeded e) {
      return new Succeeded(call.finished(e.response(), null), e.at());
    }

    Failed fail(ServiceCallFailed e) {
      return new Failed(call.finished(e.response(), e.error()), e.at());
    }

    Cancelled cancel(ServiceCallCancelled e) {
      return new Cancelled(call, e.at(), e.reason());
    }
  }

  record Succeeded(CallRecord call, Instant finishedAt) implements ServiceCallState {
    @Override
    public ServiceCallStatus status() {
      return ServiceCallStatus.SUCCEEDED;
    }
  }

  record Failed(CallRecord call, Instant finishedAt) implements ServiceCallState {
    @Override
    public ServiceCallStatus status() {
      return ServiceCallStatus.FAILED;
    }
  }

  record Cancelled(CallRecord call, Instant finishedAt, String reason) implements ServiceCallState {
    @Override
    public ServiceCallStatus status() {
      return ServiceCallStatus.CANCELLED;
    }
  }
}
