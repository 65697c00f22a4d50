package dev.orchestrator.testing;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.execution.HttpInvoker;
import dev.orchestrator.execution.OutboundRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every attempt and leaves its outcome to the test: {@link #complete} finishes the n-th
 * recorded attempt. Attempts the test never completes stay in flight, like a slow target.
 */
public final class FakeHttpInvoker implements HttpInvoker {
  private final List<OutboundRequest> requests = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<AttemptOutcome>> results = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<AttemptOutcome> invoke(OutboundRequest request) {
    var future = new CompletableFuture<AttemptOutcome>();
    requests.add(request);
    results.add(future);
    return future;
  }

  public List<OutboundRequest> requests() {
    return List.copyOf(requests);
  }

  public void complete(int index, AttemptOutcome outcome) {
    results.get(index).complete(outcome);
  }
}
