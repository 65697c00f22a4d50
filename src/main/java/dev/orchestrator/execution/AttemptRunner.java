package dev.orchestrator.execution;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.logging.CallMdc;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Child actor that runs exactly one attempt and reports its outcome to the parent entity, then
 * stops. Keeping the HTTP call out of the entity means a slow target never blocks the entity's
 * mailbox, and a lost child only costs the attempt it was running.
 */
public final class AttemptRunner {
  private AttemptRunner() {}

  private record Finished(AttemptOutcome outcome) {}

  public static Behavior<Object> create(
      HttpInvoker invoker, OutboundRequest request, ActorRef<ServiceCallCommand> parent) {
    // The attempt's lines carry the call's MDC, like its entity's.
    return Behaviors.withMdc(
        Object.class,
        CallMdc.of(request.callId(), request.correlationId()),
        run(invoker, request, parent));
  }

  private static Behavior<Object> run(
      HttpInvoker invoker, OutboundRequest request, ActorRef<ServiceCallCommand> parent) {
    return Behaviors.setup(
        ctx -> {
          ctx.setLoggerName(AttemptRunner.class);
          ctx.getLog().debug("Attempt {} sending", request.attempt());
          ctx.pipeToSelf(
              invoker.invoke(request),
              (outcome, error) -> new Finished(outcome != null ? outcome : unexpected(error)));
          return Behaviors.receive(Object.class)
              .onMessage(
                  Finished.class,
                  f -> {
                    parent.tell(
                        new ServiceCallCommand.CompleteAttempt(
                            request.attempt(), f.outcome(), ctx.getSystem().ignoreRef()));
                    return Behaviors.stopped();
                  })
              .build();
        });
  }

  // Invokers are meant to classify every error themselves; this is the safety net, and an unknown
  // failure is treated as retryable because the target may never have seen the request.
  private static AttemptOutcome unexpected(Throwable error) {
    String message = error == null ? "unknown error" : error.getClass().getSimpleName();
    return new AttemptOutcome.RetryableFailure(
        new ErrorInfo(ErrorKind.CONNECTION, "attempt failed: " + message), null, null);
  }
}
