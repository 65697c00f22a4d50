package dev.orchestrator.http;

import dev.orchestrator.config.LimitSettings;
import dev.orchestrator.domain.TenantId;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per tenant for submits. Buckets are created only for authenticated tenants, so
 * their number is bounded by the configured keys; each is lock-free and local to this node (the
 * limit is per node: a cluster of n nodes admits up to n times the rate in total).
 */
final class SubmitRateLimiter {
  private final LimitSettings settings;
  private final TimeMeter time;
  private final ConcurrentHashMap<TenantId, Bucket> buckets = new ConcurrentHashMap<>();

  SubmitRateLimiter(LimitSettings settings, TimeMeter time) {
    this.settings = settings;
    this.time = time;
  }

  /** Takes one token; when there is none, returns how long until the next one is available. */
  Optional<Duration> tryAcquire(TenantId tenant) {
    ConsumptionProbe probe =
        buckets.computeIfAbsent(tenant, this::bucket).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed()
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  private Bucket bucket(TenantId tenant) {
    LimitSettings.TenantLimits l = settings.forTenant(tenant.value());
    // Greedy refill adds tokens continuously (not once a second), so a client that honours
    // Retry-After finds a token waiting.
    return Bucket.builder()
        .addLimit(
            b -> b.capacity(l.submitBurst()).refillGreedy(l.submitRate(), Duration.ofSeconds(1)))
        .withCustomTimePrecision(time)
        .build();
  }
}
