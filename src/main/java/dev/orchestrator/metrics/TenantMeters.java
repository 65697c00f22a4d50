package dev.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** One tenant's counters (or the shared ones of tenants beyond the label bound). */
final class TenantMeters {
  final Counter submissions;
  private final Counter[] attempts = new Counter[AttemptResult.values().length];

  TenantMeters(MeterRegistry registry, String tenant) {
    submissions =
        Counter.builder("orchestrator.tenant.submissions")
            .description("Calls accepted (created) per tenant; tenants beyond the bound are _other")
            .tag("tenant", tenant)
            .register(registry);
    for (AttemptResult r : AttemptResult.values()) {
      attempts[r.ordinal()] =
          Counter.builder("orchestrator.tenant.attempts")
              .description("Attempts finished per tenant and outcome")
              .tag("tenant", tenant)
              .tag("outcome", r.label())
              .register(registry);
    }
  }

  Counter attempts(AttemptResult result) {
    return attempts[result.ordinal()];
  }
}
