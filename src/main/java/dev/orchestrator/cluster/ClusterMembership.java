package dev.orchestrator.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node gets into its cluster. Exactly one way applies: cluster bootstrap through service
 * discovery (orchestrated environments), the static {@code SEED_NODES} list, or, with neither, a
 * cluster of one formed by joining itself. With seeds, the join is gated by {@link SeedJoinGate}
 * and every member keeps a heartbeat row in the database ({@link SeedJoiner}).
 */
public final class ClusterMembership {
  private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);

  private ClusterMembership() {}

  public static void join(ActorSystem<?> system, Config config, DataSource dataSource)
      throws Exception {
    // Management first: bootstrap's contact points are probed on its HTTP port. A port that cannot
    // be bound stops the node, as any other port clash would.
    var management = PekkoManagement.get(system);
    var uri = management.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    log.info("Pekko Management listening on {}", uri);

    Cluster cluster = Cluster.get(system);
    boolean bootstrap = config.getBoolean("orchestrator.cluster-bootstrap");
    List<Address> seeds = new ArrayList<>();
    for (String s : config.getStringList("orchestrator.cluster.seed-addresses")) {
      seeds.add(AddressFromURIString.parse(s));
    }
    if (bootstrap && !seeds.isEmpty()) {
      throw new IllegalArgumentException(
          "CLUSTER_BOOTSTRAP=on and SEED_NODES are both set; choose one way to join the cluster");
    }
    if (bootstrap) {
      log.info(
          "Joining through cluster bootstrap (discovery method {}, service {})",
          config.getString(
              "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"),
          config.getString(
              "pekko.management.cluster.bootstrap.contact-point-discovery.service-name"));
      ClusterBootstrap.get(system).start();
      joiner(system, config, dataSource, seeds).startHeartbeats();
    } else if (seeds.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      var joiner = joiner(system, config, dataSource, seeds);
      joiner.startJoining();
      joiner.startHeartbeats();
    }
  }

  // Only members of a multi-node cluster beat: a cluster of one needs no thread or row for it.
  private static SeedJoiner joiner(
      ActorSystem<?> system, Config config, DataSource dataSource, List<Address> seeds) {
    Config beats = config.getConfig("orchestrator.cluster-heartbeats");
    return new SeedJoiner(
        system,
        new NodeHeartbeats(dataSource),
        seeds,
        beats.getDuration("interval"),
        beats.getDuration("ttl"));
  }

  /**
   * For logs, heartbeat rows, attempt provenance and the node header: {@code host:port}, as an
   * operator writes it in SEED_NODES.
   */
  public static String hostPort(Address a) {
    return a.getHost().orElse("?") + ":" + a.getPort().map(String::valueOf).orElse("?");
  }

  static Duration recentWindow(Duration ttl) {
    return ttl.multipliedBy(3);
  }
}
