package dev.orchestrator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariDataSource;
import dev.orchestrator.cluster.ClusterMembership;
import dev.orchestrator.config.ConfigLoader;
import dev.orchestrator.config.EntitySettings;
import dev.orchestrator.config.HttpSettings;
import dev.orchestrator.config.LimitSettings;
import dev.orchestrator.config.ProjectionSettings;
import dev.orchestrator.config.ReadModelSettings;
import dev.orchestrator.config.ScannerSettings;
import dev.orchestrator.config.SecretsSettings;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.egress.EgressGuard;
import dev.orchestrator.egress.HostResolver;
import dev.orchestrator.egress.SystemHostResolver;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.execution.HttpInvoker;
import dev.orchestrator.http.ApiDependencies;
import dev.orchestrator.http.ApiKeys;
import dev.orchestrator.http.DashboardRoutes;
import dev.orchestrator.http.ErrorHandling;
import dev.orchestrator.http.EventStreamRoutes;
import dev.orchestrator.http.EventSubscriptionRoutes;
import dev.orchestrator.http.HealthRoutes;
import dev.orchestrator.http.JsonSupport;
import dev.orchestrator.http.ObservabilityRoutes;
import dev.orchestrator.http.OpenApiRoutes;
import dev.orchestrator.http.ProblemResponses;
import dev.orchestrator.http.ReadModelFreshness;
import dev.orchestrator.http.ServiceCallRoutes;
import dev.orchestrator.http.StorageGate;
import dev.orchestrator.http.SubmitLimits;
import dev.orchestrator.http.SubmitRequestValidator;
import dev.orchestrator.metrics.Metrics;
import dev.orchestrator.metrics.ReadModelGauges;
import dev.orchestrator.projection.EventStreamQueries;
import dev.orchestrator.projection.JournalPosition;
import dev.orchestrator.projection.ProgressTracker;
import dev.orchestrator.projection.ProjectionLag;
import dev.orchestrator.projection.ServiceCallQueries;
import dev.orchestrator.projection.ServiceCallsProjection;
import dev.orchestrator.scanner.DueScanner;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.secrets.SecretsKeys;
import dev.orchestrator.storage.DataSources;
import dev.orchestrator.storage.DatabaseHealth;
import dev.orchestrator.storage.DatabaseKind;
import dev.orchestrator.storage.SchemaMigrator;
import dev.orchestrator.subscription.SubscriptionStore;
import dev.orchestrator.tracing.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: schema migrated, actor system in its cluster, sharding, projections, due
 * scanner and HTTP API started. Wiring only; every piece lives in its own package.
 */
public final class Node {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;

  private Node(ActorSystem<Void> system, ServerBinding binding) {
    this.system = system;
    this.binding = binding;
  }

  public static Node start(Config config) throws Exception {
    return start(config, SystemHostResolver.INSTANCE);
  }

  /**
   * @param resolver how call targets' host names are resolved (tests replace it to play DNS
   *     rebinding)
   */
  public static Node start(Config config, HostResolver resolver) throws Exception {
    return start(config, resolver, null);
  }

  /**
   * @param tracing where spans go; null = as configured ({@code orchestrator.tracing.otel}). Tests
   *     pass one that records spans in memory.
   */
  public static Node start(Config config, HostResolver resolver, Tracing tracing) throws Exception {
    var kind = DatabaseKind.valueOf(config.getString("orchestrator.database.kind"));
    // First: without a usable key the node must not start at all, not even migrate.
    var secrets = SecretsSettings.fromConfig(config);
    HeaderCipher cipher =
        HeaderCipher.create(SecretsKeys.resolve(secrets), secrets.extraSensitiveHeaders());
    HikariDataSource dataSource = DataSources.readModel(config);
    HikariDataSource healthPool;
    try {
      SchemaMigrator.migrate(dataSource, kind);
      healthPool = DataSources.health(config);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), ConfigLoader.SYSTEM_NAME, config);
    Tracing spans = tracing != null ? tracing : Tracing.fromConfig(config);
    // Late, after shards handed off: the last attempts' spans are flushed before the exporter goes.
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-tracing",
            () -> {
              spans.close();
              return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
            });
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-read-model-pool",
            () -> {
              dataSource.close();
              healthPool.close();
              return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
            });
    // After shards have handed off (entities stopped), close outgoing pools ourselves; otherwise
    // Pekko reports every live pool as "shut down unexpectedly" at termination.
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-outgoing-connection-pools",
            () -> Http.get(system).shutdownAllConnectionPools().thenApply(x -> Done.getInstance()));
    try {
      var health = new DatabaseHealth(DatabaseHealth.probe(healthPool, Duration.ofSeconds(1)));
      health.start(
          system.scheduler(),
          system
              .dispatchers()
              .lookup(DispatcherSelector.fromConfig("orchestrator.health-dispatcher")),
          config.getDuration("orchestrator.database.health-interval"));
      return new Node(
          system, wire(system, config, dataSource, health, kind, resolver, cipher, spans));
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  private static ServerBinding wire(
      ActorSystem<Void> system,
      Config config,
      HikariDataSource dataSource,
      DatabaseHealth health,
      DatabaseKind kind,
      HostResolver resolver,
      HeaderCipher cipher,
      Tracing tracing)
      throws Exception {
    // Before management starts: its /metrics route reads this node's registry.
    Metrics metrics = Metrics.get(system);
    metrics.bindPool(dataSource);
    bindJournalPool(system, config, metrics);
    ClusterMembership.join(system, config, dataSource);
    var http = HttpSettings.fromConfig(config);
    var entitySettings = EntitySettings.fromConfig(config);
    // Microseconds: what both databases store, so entity and read model show the same instants.
    Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    // Entities on many threads share it; ThreadLocalRandom is uncontended and never shared.
    RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    EgressGuard egress = AttemptInvokers.egressGuard(config, http, resolver);
    HttpInvoker invoker =
        AttemptInvokers.build(system, config, egress, cipher, metrics, clock, tracing);

    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(
                ServiceCallEntity.ENTITY_TYPE_KEY,
                ctx ->
                    ServiceCallEntity.create(
                        ServiceCallId.fromEntityId(ctx.getEntityId()),
                        entitySettings,
                        invoker,
                        clock,
                        random,
                        ctx.getShard(),
                        metrics.calls()))
            // Lets an entity with an attempt in flight record its result before it stops.
            .withStopMessage(ServiceCallCommand.HandOff.STOP));

    ObjectMapper mapper = JsonSupport.mapper();
    ServiceCallsProjection.init(
        system,
        dataSource,
        mapper,
        entitySettings.tagCount(),
        ProjectionSettings.fromConfig(config),
        clock);

    Executor blocking =
        system
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig("orchestrator.blocking-dispatcher"));
    var queries = new ServiceCallQueries(dataSource);
    var lag = new ProjectionLag(dataSource, entitySettings.tagCount());
    var readModel = ReadModelSettings.fromConfig(config);
    ReadModelGauges.start(
        system,
        metrics,
        queries,
        lag,
        clock,
        config.getDuration("orchestrator.metrics.refresh-interval"),
        blocking);
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                DueScanner.create(
                    queries, sharding, ScannerSettings.fromConfig(config), clock, blocking),
                "due-scanner"));
    EventOutlets.start(system, config, dataSource, sharding, cipher, mapper, clock, blocking);

    ApiKeys keys = ApiKeys.parse(config.getString("orchestrator.api-keys"));
    if ("dev-key=demo".equals(config.getString("orchestrator.api-keys"))) {
      log.warn("API_KEYS is not set: the demo key 'dev-key' for tenant 'demo' is active");
    }
    Function<String, Optional<String>> destinationCheck =
        url -> egress.checkDestination(url).map(v -> v.detail());
    var validator = new SubmitRequestValidator(clock, destinationCheck);
    var limits =
        SubmitLimits.start(
            system, LimitSettings.fromConfig(config), queries::pendingByTenant, blocking);
    var gate = new StorageGate(health, new ProblemResponses(mapper));
    var freshness =
        new ReadModelFreshness(
            new ProgressTracker(
                lag::progress, blocking, System::nanoTime, readModel.freshnessMaxAge()),
            readModel,
            clock,
            new ProblemResponses(mapper));
    var routes =
        new ServiceCallRoutes(
            new ApiDependencies(
                sharding,
                queries,
                keys,
                validator,
                mapper,
                http.askTimeout(),
                blocking,
                clock,
                http.maxBodyBytes(),
                cipher,
                limits,
                metrics::accepted,
                new ObservabilityRoutes(system, queries, mapper, blocking, clock, gate, freshness),
                gate,
                new EventStreamRoutes(
                    new EventStreamQueries(dataSource),
                    mapper,
                    blocking,
                    config.getDuration("orchestrator.events.poll-interval"),
                    config.getInt("orchestrator.events.max-streams"),
                    freshness),
                freshness,
                new JournalPosition(dataSource),
                tracing),
            new EventSubscriptionRoutes(
                new SubscriptionStore(dataSource),
                destinationCheck,
                cipher,
                mapper,
                blocking,
                clock,
                http.maxBodyBytes(),
                gate));
    var healthRoutes = new HealthRoutes(system, health);
    var errors = new ErrorHandling(new ProblemResponses(mapper));
    ServerBinding binding =
        Http.get(system)
            .newServerAt(http.host(), http.port())
            .bind(
                metrics
                    .api()
                    .wrap(
                        errors.wrap(
                            errors.concat(
                                healthRoutes.routes(),
                                new OpenApiRoutes().routes(),
                                new DashboardRoutes().routes(),
                                routes.routes()))))
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
    log.info(
        "Orchestrator listening on {} ({} database, {} tenant key(s))",
        binding.localAddress(),
        kind,
        keys.size());
    return binding;
  }

  /**
   * The journal's own HikariCP pool (inside pekko-persistence-jdbc's Slick database) reports to the
   * same registry, as pool "journal". Skipped if the plugin ever stops using HikariCP.
   */
  private static void bindJournalPool(ActorSystem<?> system, Config config, Metrics metrics) {
    var slick =
        (org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl)
            org.apache.pekko.persistence.jdbc.db.SlickExtension.get(system);
    var source = slick.database(config.getConfig("jdbc-journal")).database().source();
    if (source instanceof slick.jdbc.hikaricp.HikariCPJdbcDataSource hikari) {
      metrics.bindPool(hikari.ds());
    } else {
      log.warn("journal pool is not HikariCP; its pool metrics are not available");
    }
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** Graceful stop: coordinated shutdown (unbind, hand off shards, leave), then wait. */
  public void stop() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("node did not terminate within 60 s: {}", e.toString());
    }
  }
}
