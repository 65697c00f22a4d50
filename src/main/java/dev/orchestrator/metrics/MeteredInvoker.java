package dev.orchestrator.metrics;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.execution.HttpInvoker;
import dev.orchestrator.execution.OutboundRequest;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Times each attempt from the moment it is sent (it sits inside the concurrency limiter, so time
 * spent waiting for a slot is not counted) to its classified outcome, and counts it per outcome and
 * per tenant. The timer's count per outcome is the attempts-by-outcome counter.
 */
public final class MeteredInvoker implements HttpInvoker {
  private final HttpInvoker delegate;
  private final Timer[] duration;
  private final BoundedLabels<TenantMeters> tenants;

  MeteredInvoker(HttpInvoker delegate, Timer[] duration, BoundedLabels<TenantMeters> tenants) {
    this.delegate = delegate;
    this.duration = duration;
    this.tenants = tenants;
  }

  @Override
  public CompletionStage<AttemptOutcome> invoke(OutboundRequest request) {
    long t0 = System.nanoTime();
    return delegate
        .invoke(request)
        .thenApply(
            outcome -> {
              AttemptResult r = AttemptResult.of(outcome);
              duration[r.ordinal()].record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
              tenants.get(request.callId().tenant().value()).attempts(r).increment();
              return outcome;
            });
  }
}
