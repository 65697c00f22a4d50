package dev.orchestrator.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.entity.CallObserver;
import dev.orchestrator.execution.ConcurrencyLimitedInvoker;
import dev.orchestrator.execution.HttpInvoker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * This node's metrics: one Prometheus registry per actor system (tests run several nodes in one
 * JVM), with JVM meters bound and the application's meters registered up front. Served on the
 * management port by {@link MetricsRoutes}; see README "Observability" for every meter.
 */
public final class Metrics implements Extension {
  private static final class Id extends AbstractExtensionId<Metrics>
      implements ExtensionIdProvider {
    @Override
    public Id lookup() {
      return ID;
    }

    @Override
    public Metrics createExtension(ExtendedActorSystem system) {
      return new Metrics(system);
    }
  }

  private static final Id ID = new Id();

  private final PrometheusMeterRegistry registry;
  private final CallMetrics calls;
  private final ApiMetrics api;
  private final BoundedLabels<TenantMeters> tenants;
  private final Timer[] attempts = new Timer[AttemptResult.values().length];

  private Metrics(ExtendedActorSystem system) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    system.registerOnTermination(gc::close);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);

    int maxTenants = system.settings().config().getInt("orchestrator.metrics.max-tenant-labels");
    tenants = new BoundedLabels<>(maxTenants, tenant -> new TenantMeters(registry, tenant));
    calls = new CallMetrics(registry);
    api = new ApiMetrics(registry);
    for (AttemptResult r : AttemptResult.values()) {
      attempts[r.ordinal()] =
          Timer.builder("orchestrator.attempt.duration")
              .description(
                  "Attempts by outcome: time from sending the request to its classified outcome")
              .tag("outcome", r.label())
              .serviceLevelObjectives(Buckets.ATTEMPT)
              .register(registry);
    }
  }

  public static Metrics get(ClassicActorSystemProvider system) {
    return ID.get(system);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** What the service call entities report to. */
  public CallObserver calls() {
    return calls;
  }

  /** The public API's request and submission meters. */
  public ApiMetrics api() {
    return api;
  }

  /** {@code delegate}, timed and counted per attempt outcome and tenant. */
  public HttpInvoker metered(HttpInvoker delegate) {
    return new MeteredInvoker(delegate, attempts, tenants);
  }

  /** A submit created a call for {@code tenant}. */
  public void accepted(TenantId tenant) {
    tenants.get(tenant.value()).submissions.increment();
  }

  /** Attempts sent and waiting for a slot, read from the limiter at scrape time. */
  public void bindLimiter(ConcurrencyLimitedInvoker limiter) {
    Gauge.builder("orchestrator.attempts.in.flight", limiter, ConcurrencyLimitedInvoker::inFlight)
        .description("Attempts sent to targets and not finished yet")
        .strongReference(true)
        .register(registry);
    Gauge.builder("orchestrator.attempts.queued", limiter, ConcurrencyLimitedInvoker::queued)
        .description("Attempts waiting for a per-host or global concurrency slot")
        .strongReference(true)
        .register(registry);
  }

  /** HikariCP pool meters (hikaricp_connections_* with a pool tag); a pool takes this once. */
  public void bindPool(HikariDataSource pool) {
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
  }
}
