package dev.orchestrator.cluster;

import com.typesafe.config.Config;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node gets into its cluster. Exactly one way applies: cluster bootstrap through service
 * discovery (orchestrated environments), the static {@code SEED_NODES} list (Pekko joins them by
 * itself), or, with neither, a cluster of one formed by joining itself.
 */
public final class ClusterMembership {
  private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);

  private ClusterMembership() {}

  public static void join(ActorSystem<?> system, Config config) throws Exception {
    // Management first: bootstrap's contact points are probed on its HTTP port. A port that cannot
    // be bound stops the node, as any other port clash would.
    var management = PekkoManagement.get(system);
    var uri = management.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    log.info("Pekko Management listening on {}", uri);

    Cluster cluster = Cluster.get(system);
    boolean bootstrap = config.getBoolean("orchestrator.cluster-bootstrap");
    boolean seeds = !config.getStringList("pekko.cluster.seed-nodes").isEmpty();
    if (bootstrap && seeds) {
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
    } else if (!seeds) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }
}
