package dev.orchestrator.execution;

import dev.orchestrator.domain.AttemptOutcome;
import java.util.concurrent.CompletionStage;

/**
 * Performs one attempt and classifies what happened. Implementations never fail the stage: every
 * error becomes an {@link AttemptOutcome}, and the stage completes within the request's timeout.
 */
@FunctionalInterface
public interface HttpInvoker {
  CompletionStage<AttemptOutcome> invoke(OutboundRequest request);
}
