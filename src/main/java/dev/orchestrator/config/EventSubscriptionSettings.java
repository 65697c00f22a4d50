package dev.orchestrator.config;

import com.typesafe.config.Config;
import dev.orchestrator.domain.RetryPolicy;
import java.time.Duration;

/**
 * Delivery of tenants' lifecycle events to their event subscriptions (one delivery call per event).
 *
 * @param pacing how the stream is walked and how a failed round backs off
 * @param submitTimeout how long a round waits for a delivery call's entity to accept it
 * @param retry the retry policy of every delivery call
 * @param timeout the per-attempt timeout of every delivery call
 */
public record EventSubscriptionSettings(
    OutletPacing pacing, Duration submitTimeout, RetryPolicy retry, Duration timeout) {

  public static EventSubscriptionSettings fromConfig(Config config) {
    Config c = config.getConfig("orchestrator.event-subscriptions");
    Config r = c.getConfig("delivery.retry");
    return new EventSubscriptionSettings(
        OutletPacing.fromConfig(c),
        c.getDuration("submit-timeout"),
        new RetryPolicy(
            r.getInt("max-attempts"),
            r.getDuration("initial-backoff"),
            r.getDouble("backoff-coefficient"),
            r.getDuration("max-backoff")),
        c.getDuration("delivery.timeout"));
  }
}
