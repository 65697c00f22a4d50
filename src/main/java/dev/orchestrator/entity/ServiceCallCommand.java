package dev.orchestrator.entity;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.CallSpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * What a service call entity accepts. Every command carries a reply target, so one fallback can
 * answer anything a phase does not handle; every command is idempotent.
 */
public sealed interface ServiceCallCommand extends CborSerializable {
  ActorRef<StatusReply<Summary>> replyTo();

  /** Accept the call; a repeat with the same spec answers with the existing call. */
  record Submit(CallSpec spec, ActorRef<StatusReply<Summary>> replyTo)
      implements ServiceCallCommand {}

  record Get(ActorRef<StatusReply<Summary>> replyTo) implements ServiceCallCommand {}

  record Cancel(String reason, String by, ActorRef<StatusReply<Summary>> replyTo)
      implements ServiceCallCommand {}

  /**
   * Look at the clock: start an attempt if due, re-arm the timer if soon, resume an interrupted
   * attempt. Sent by the entity's own timer, after recovery, and by the due scanner.
   */
  record Wake(ActorRef<StatusReply<Summary>> replyTo) implements ServiceCallCommand {}

  /**
   * Sharding's stop message (hand-off, rebalance, passivation): stop now, or once the in-flight
   * attempt has reported. {@code force} (sent by the entity itself when its drain time is up or the
   * attempt has reported) stops at once. Local only; nobody waits for a reply.
   */
  record HandOff(boolean force) implements ServiceCallCommand {
    public static final HandOff STOP = new HandOff(false);

    @Override
    public ActorRef<StatusReply<Summary>> replyTo() {
      throw new UnsupportedOperationException("HandOff has no reply");
    }
  }

  /** Result of attempt {@code attempt}; results of any other attempt are ignored. */
  record CompleteAttempt(
      int attempt, AttemptOutcome outcome, ActorRef<StatusReply<Summary>> replyTo)
      implements ServiceCallCommand {}
}
