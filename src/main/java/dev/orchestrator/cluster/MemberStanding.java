package dev.orchestrator.cluster;

import dev.orchestrator.execution.PauseGuard;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * This node's standing in its cluster, as the pause guard asks it: downed (never send again) or
 * settled (Up, every member reachable). Reads Pekko's own cluster view, which its event stream
 * keeps current; nothing here blocks.
 */
public final class MemberStanding implements PauseGuard.Membership {
  private final Cluster cluster;
  private final CoordinatedShutdown shutdown;

  public MemberStanding(ActorSystem<?> system) {
    this.cluster = Cluster.get(system);
    this.shutdown = CoordinatedShutdown.get(system);
  }

  @Override
  public boolean downed() {
    MemberStatus status = cluster.selfMember().status();
    if (status == MemberStatus.down()
        || status == MemberStatus.removed()
        || cluster.isTerminated()) {
      return true;
    }
    // Quarantine by the others ends in a downing shutdown too, sometimes before the status says so.
    return shutdown
        .getShutdownReason()
        .map(reason -> reason == CoordinatedShutdown.clusterDowningReason())
        .orElse(false);
  }

  @Override
  public boolean settled() {
    var state = cluster.state();
    return cluster.selfMember().status() == MemberStatus.up() && state.getUnreachable().isEmpty();
  }
}
