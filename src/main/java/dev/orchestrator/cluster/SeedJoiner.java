package dev.orchestrator.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the seed nodes under {@link SeedJoinGate} and keeps this member's heartbeat row while it is
 * a member. Both run on one daemon thread of their own: a few small statements every interval, kept
 * off the dispatchers and the journal's pool.
 */
final class SeedJoiner {
  private static final Logger log = LoggerFactory.getLogger(SeedJoiner.class);

  private final ActorSystem<?> system;
  private final Cluster cluster;
  private final NodeHeartbeats heartbeats;
  private final List<Address> seeds;
  private final Duration interval;
  private final Duration ttl;
  private final SeedJoinGate gate;
  private final ScheduledExecutorService timer;
  private SeedJoinGate.Decision sent;
  private ScheduledFuture<?> joining;

  SeedJoiner(
      ActorSystem<?> system,
      NodeHeartbeats heartbeats,
      List<Address> seeds,
      Duration interval,
      Duration ttl) {
    this.system = system;
    this.cluster = Cluster.get(system);
    this.heartbeats = heartbeats;
    this.seeds = List.copyOf(seeds);
    this.interval = interval;
    this.ttl = ttl;
    this.gate = new SeedJoinGate(ttl);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cluster-heartbeats");
              t.setDaemon(true);
              return t;
            });
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "remove-node-heartbeat",
            () -> {
              timer.shutdownNow();
              try {
                heartbeats.remove(nodeId());
              } catch (Exception e) {
                log.debug("heartbeat row not removed: {}", e.toString());
              }
              return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
            });
  }

  void startJoining() {
    Address self = cluster.selfMember().address();
    if (!seeds.get(0).equals(self)) {
      // Not the first seed: Pekko's join process only ever joins others.
      cluster.manager().tell(new JoinSeedNodes(seeds));
      return;
    }
    joining =
        timer.scheduleWithFixedDelay(this::joinStep, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void startHeartbeats() {
    timer.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void joinStep() {
    try {
      MemberStatus status = cluster.selfMember().status();
      // Before the first join the self member reads as Removed; Joining while a seed answers.
      if (status != MemberStatus.joining() && status != MemberStatus.removed()) {
        if (joining != null) {
          joining.cancel(false);
        }
        return;
      }
      decide();
    } catch (RuntimeException e) {
      log.warn("seed join step failed: {}", e.toString());
    }
  }

  private void decide() {
    String self = ClusterMembership.hostPort(cluster.selfMember().address());
    boolean alive;
    boolean recent;
    try {
      alive = !heartbeats.aliveOthers(self, ttl).isEmpty();
      recent =
          alive || !heartbeats.aliveOthers(self, ClusterMembership.recentWindow(ttl)).isEmpty();
    } catch (Exception e) {
      // Cannot tell whether a cluster is alive: never risk forming a second one.
      log.warn("cannot read node_heartbeats ({}); joining the other seeds only", e.toString());
      alive = true;
      recent = true;
    }
    var decision = gate.next(Instant.now(), alive, recent);
    if (decision == sent) {
      return;
    }
    sent = decision;
    if (decision == SeedJoinGate.Decision.MAY_FORM) {
      log.info(
          "no other node alive on the database: joining the seeds, forming the cluster if none answers");
      cluster.manager().tell(new JoinSeedNodes(seeds));
    } else {
      List<Address> others =
          seeds.stream().filter(a -> !a.equals(cluster.selfMember().address())).toList();
      log.info("another node is alive on the database: joining the other seeds {} only", others);
      if (!others.isEmpty()) {
        cluster.manager().tell(new JoinSeedNodes(others));
      }
    }
  }

  private void beat() {
    MemberStatus s = cluster.selfMember().status();
    if (s != MemberStatus.up() && s != MemberStatus.weaklyUp() && s != MemberStatus.leaving()) {
      return;
    }
    try {
      heartbeats.beat(nodeId(), ClusterMembership.hostPort(cluster.selfMember().address()));
    } catch (Exception e) {
      log.debug("heartbeat not written: {}", e.toString());
    }
  }

  private String nodeId() {
    var u = cluster.selfMember().uniqueAddress();
    return ClusterMembership.hostPort(u.address()) + "#" + u.longUid();
  }
}
