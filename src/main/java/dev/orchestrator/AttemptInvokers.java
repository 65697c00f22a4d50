package dev.orchestrator;

import com.typesafe.config.Config;
import dev.orchestrator.cluster.ClusterMembership;
import dev.orchestrator.cluster.MemberStanding;
import dev.orchestrator.config.HttpSettings;
import dev.orchestrator.config.InvokerSettings;
import dev.orchestrator.config.SigningSettings;
import dev.orchestrator.egress.EgressGuard;
import dev.orchestrator.egress.EgressPolicy;
import dev.orchestrator.egress.HostResolver;
import dev.orchestrator.execution.ConcurrencyLimitedInvoker;
import dev.orchestrator.execution.DecryptingInvoker;
import dev.orchestrator.execution.HttpInvoker;
import dev.orchestrator.execution.NodeHeaderInvoker;
import dev.orchestrator.execution.PauseGuard;
import dev.orchestrator.execution.PauseGuardedInvoker;
import dev.orchestrator.execution.PekkoHttpInvoker;
import dev.orchestrator.execution.SigningInvoker;
import dev.orchestrator.execution.WebhookSigner;
import dev.orchestrator.metrics.Metrics;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.tracing.Tracing;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the path an attempt takes out of the node, outermost first: the concurrency queue, the
 * attempt's tracing span (when tracing is on), metering, signing, the optional node header,
 * decryption of sealed headers, the pause guard, and the HTTP client behind the egress guard.
 */
final class AttemptInvokers {
  private static final Logger log = LoggerFactory.getLogger(AttemptInvokers.class);

  private AttemptInvokers() {}

  static HttpInvoker build(
      ActorSystem<?> system,
      Config config,
      EgressGuard egress,
      HeaderCipher cipher,
      Metrics metrics,
      Clock clock,
      Tracing tracing) {
    var invokerSettings = InvokerSettings.fromConfig(config);
    var signing = SigningSettings.fromConfig(config);
    // Inside the queue, so webhook-timestamp is the moment the attempt is really sent; decrypted
    // last, so plaintext secrets exist only while a request is being sent.
    // Metered inside the queue, so attempt latency is the time an attempt was really in flight;
    // its span (tracing on) likewise, and outside signing, which is not part of what it measures
    // but sees the traceparent the span sets (signatures do not cover it).
    var pauseGuard =
        new PauseGuard(
            config.getDuration("orchestrator.execution.pause-guard.threshold"),
            config.getDuration("orchestrator.execution.pause-guard.hold"),
            System::nanoTime,
            new MemberStanding(system));
    var limiter =
        new ConcurrencyLimitedInvoker(
            tracing.traced(
                metrics.metered(
                    new SigningInvoker(
                        NodeHeaderInvoker.wrapIfEnabled(
                            new DecryptingInvoker(
                                pauseGuarded(
                                    system,
                                    pauseGuard,
                                    new PekkoHttpInvoker(
                                        system,
                                        invokerSettings,
                                        egress::vet,
                                        () -> pauseGuard.waitBeforeSending().isZero())),
                                cipher),
                            config.getString("orchestrator.execution.node-header"),
                            ClusterMembership.hostPort(Cluster.get(system).selfMember().address())),
                        new WebhookSigner(signing),
                        clock))),
            invokerSettings.maxConnectionsPerHost(),
            invokerSettings.maxInFlight());
    metrics.bindLimiter(limiter);
    log.info("Signing outgoing requests of {} tenant(s)", signing.tenantCount());
    return limiter;
  }

  static EgressGuard egressGuard(Config config, HttpSettings http, HostResolver resolver) {
    // Port 0 (tests) means "any free port": there is no fixed port to protect then.
    Set<Integer> selfPorts = new HashSet<>(Set.of(5432));
    selfPorts.add(http.port());
    selfPorts.add(config.getInt("pekko.remote.artery.canonical.port"));
    selfPorts.add(config.getInt("orchestrator.management-port"));
    selfPorts.remove(0);
    var policy =
        EgressPolicy.create(
            config.getString("orchestrator.outbound-allow-hosts"), selfPorts, false);
    policy.describeAllowList().forEach(entry -> log.warn("Outbound allowlist entry: {}", entry));
    return new EgressGuard(policy, resolver);
  }

  private static HttpInvoker pauseGuarded(
      ActorSystem<?> system, PauseGuard pauseGuard, HttpInvoker invoker) {
    var guarded = new PauseGuardedInvoker(invoker, pauseGuard);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "stop-pause-guard",
            () -> {
              guarded.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return guarded;
  }
}
