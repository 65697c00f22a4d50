package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-tenant admission limits for submits ({@code orchestrator.limits}).
 *
 * @param defaults the limits of every tenant without an override
 * @param overrides limits by tenant id; each key left out falls back to the default
 * @param pendingRefresh how often the pending-call counts are re-read from the read model
 */
public record LimitSettings(
    TenantLimits defaults, Map<String, TenantLimits> overrides, Duration pendingRefresh) {

  /**
   * One tenant's limits.
   *
   * @param submitRate sustained submits per second (token bucket refill; default 500)
   * @param submitBurst submits allowed at once after a quiet period (bucket capacity; default 1000)
   * @param maxPending calls in SCHEDULED or RUNNING allowed at a time (default 100000)
   */
  public record TenantLimits(long submitRate, long submitBurst, long maxPending) {
    public TenantLimits {
      if (submitRate < 1 || submitBurst < 1 || maxPending < 1) {
        throw new IllegalArgumentException(
            "orchestrator.limits: submit-rate, submit-burst and max-pending-per-tenant must be"
                + " at least 1");
      }
    }
  }

  public LimitSettings {
    overrides = Map.copyOf(overrides);
    if (pendingRefresh.isNegative() || pendingRefresh.isZero()) {
      throw new IllegalArgumentException(
          "orchestrator.limits.pending-refresh-interval must be > 0");
    }
  }

  public TenantLimits forTenant(String tenant) {
    return overrides.getOrDefault(tenant, defaults);
  }

  public static LimitSettings fromConfig(Config config) {
    Config c = config.getConfig("orchestrator.limits");
    TenantLimits defaults = limits(c, null);
    Map<String, TenantLimits> overrides = new HashMap<>();
    Config tenants = c.getConfig("tenants");
    for (String tenant : tenants.root().keySet()) {
      overrides.put(tenant, limits(tenants.getConfig("\"" + tenant + "\""), defaults));
    }
    return new LimitSettings(defaults, overrides, c.getDuration("pending-refresh-interval"));
  }

  private static TenantLimits limits(Config c, TenantLimits fallback) {
    return new TenantLimits(
        value(c, "submit-rate", fallback == null ? 0 : fallback.submitRate()),
        value(c, "submit-burst", fallback == null ? 0 : fallback.submitBurst()),
        value(c, "max-pending-per-tenant", fallback == null ? 0 : fallback.maxPending()));
  }

  private static long value(Config c, String key, long fallback) {
    return c.hasPath(key) ? c.getLong(key) : fallback;
  }
}
