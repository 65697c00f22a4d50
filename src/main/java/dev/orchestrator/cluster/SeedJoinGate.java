package dev.orchestrator.cluster;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether the first seed node may form a new cluster. Pekko lets the first node in the seed
 * list join itself when no other seed answers within {@code seed-node-timeout} (5 s); a restarted
 * first seed on a busy host then forms a second cluster beside the live one, on the same database:
 * two owners for every call, journal key clashes, duplicate requests (seen in the F4 rolling
 * restart). So it may only do that when the database shows no other node alive: no heartbeat from
 * another address within the TTL, and, if there were recent ones, quiet for a whole TTL (a live
 * cluster that could not write for a moment must not look dead at one glance). While it may not,
 * the node only tries to join the other seeds.
 */
final class SeedJoinGate {
  enum Decision {
    /** Join the other seeds only; never form a cluster. */
    JOIN_OTHERS,
    /** The full seed list: Pekko may form the cluster here if no other seed answers. */
    MAY_FORM
  }

  private final Duration ttl;
  private Instant quietSince;

  SeedJoinGate(Duration ttl) {
    this.ttl = ttl;
  }

  /**
   * @param othersAlive another address beat within the TTL (or the database could not be read)
   * @param othersRecent another address beat within a few TTLs
   */
  Decision next(Instant now, boolean othersAlive, boolean othersRecent) {
    if (othersAlive) {
      quietSince = null;
      return Decision.JOIN_OTHERS;
    }
    if (!othersRecent) {
      return Decision.MAY_FORM;
    }
    if (quietSince == null) {
      quietSince = now;
    }
    return Duration.between(quietSince, now).compareTo(ttl) >= 0
        ? Decision.MAY_FORM
        : Decision.JOIN_OTHERS;
  }
}
