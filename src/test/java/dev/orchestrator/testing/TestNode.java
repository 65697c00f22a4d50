package dev.orchestrator.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.orchestrator.Node;
import dev.orchestrator.config.ConfigLoader;
import dev.orchestrator.egress.HostResolver;
import dev.orchestrator.egress.SystemHostResolver;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.tracing.Tracing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Starts a whole node in this JVM on free ports against a given database, with two tenants' keys
 * and loopback targets on the given port allowed. Stop it in every outcome ({@link #close}).
 */
public final class TestNode implements AutoCloseable {
  public static final String KEY_A = "key-for-tenant-a";
  public static final String KEY_B = "key-for-tenant-b";

  /**
   * The secrets key every test node uses unless {@code extra} sets {@code orchestrator.secrets.key}
   * (blank: generate one into the data dir, H2 only): PostgreSQL refuses to start without one, and
   * nodes restarted on the same database must keep it.
   */
  public static final String SECRETS_KEY =
      Base64.getEncoder()
          .encodeToString("orchestrator-test-secrets-key-32".getBytes(StandardCharsets.US_ASCII));

  private final Node node;

  private TestNode(Node node) {
    this.node = node;
  }

  /**
   * @param jdbcUrl jdbc:h2:… or jdbc:postgresql:… URL
   * @param targetPort loopback port calls may target
   */
  public static TestNode start(
      String jdbcUrl, String user, int targetPort, Map<String, Object> extra) throws Exception {
    return start(jdbcUrl, user, targetPort, extra, SystemHostResolver.INSTANCE);
  }

  /** As above, resolving call targets' host names with {@code resolver}. */
  public static TestNode start(
      String jdbcUrl, String user, int targetPort, Map<String, Object> extra, HostResolver resolver)
      throws Exception {
    return start(jdbcUrl, user, targetPort, extra, resolver, null);
  }

  /** As above, with spans going to {@code tracing} (null: as configured, off by default). */
  public static TestNode start(
      String jdbcUrl,
      String user,
      int targetPort,
      Map<String, Object> extra,
      HostResolver resolver,
      Tracing tracing)
      throws Exception {
    var defaults = new java.util.HashMap<String, Object>();
    // Fixed free ports rather than 0, so the egress guard knows the node's own ports and refuses
    // them as targets, as in production.
    defaults.put("orchestrator.http.port", NodeProcess.freePort());
    defaults.put("orchestrator.http.host", "127.0.0.1");
    defaults.put("pekko.remote.artery.canonical.port", NodeProcess.freePort());
    defaults.put("orchestrator.management-port", NodeProcess.freePort());
    defaults.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    defaults.put("orchestrator.database.url", jdbcUrl);
    defaults.put("orchestrator.database.user", user);
    defaults.put("orchestrator.api-keys", KEY_A + "=tenant-a," + KEY_B + "=tenant-b");
    defaults.put("orchestrator.outbound-allow-hosts", "127.0.0.1/32:" + targetPort);
    defaults.put("orchestrator.scanner.interval", "200ms");
    Config overrides =
        ConfigFactory.parseMap(extra)
            .withFallback(ConfigFactory.parseMap(defaults))
            .withFallback(ConfigFactory.parseMap(Map.of("orchestrator.secrets.key", SECRETS_KEY)))
            .withValue("pekko.loglevel", ConfigValueFactory.fromAnyRef("INFO"));
    return new TestNode(Node.start(ConfigLoader.load(overrides), resolver, tracing));
  }

  public static String h2Memory(String name) {
    return "jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
  }

  public int port() {
    return node.httpPort();
  }

  public ApiClient client(String key) {
    return new ApiClient(port(), key);
  }

  public Node node() {
    return node;
  }

  /** Entity ids of the calls currently alive in this node's shards. */
  public Set<String> liveEntityIds() {
    var system = node.system();
    try {
      CurrentShardRegionState state =
          AskPattern.<ClusterShardingQuery, CurrentShardRegionState>ask(
                  ClusterSharding.get(system).shardState(),
                  replyTo -> new GetShardRegionState(ServiceCallEntity.ENTITY_TYPE_KEY, replyTo),
                  Duration.ofSeconds(5),
                  system.scheduler())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      Set<String> ids = new HashSet<>();
      state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
      return ids;
    } catch (Exception e) {
      throw new AssertionError("shard state query failed", e);
    }
  }

  @Override
  public void close() {
    node.stop();
  }
}
