package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the service call entity.
 *
 * @param tagCount number of projection tags; fixed for the journal's lifetime (ADR 0002)
 * @param timerHorizon calls due further ahead than this are passivated and left to the due scanner,
 *     so memory does not grow with calls scheduled far ahead
 * @param maxInterruptions attempts lost to node crashes before a call fails as INTERRUPTED
 * @param snapshotEvery events between snapshots
 * @param handoffDrainTimeout how long an entity asked to stop waits for its in-flight attempt
 */
public record EntitySettings(
    int tagCount,
    Duration timerHorizon,
    int maxInterruptions,
    int snapshotEvery,
    Duration handoffDrainTimeout) {

  public static EntitySettings fromConfig(Config config) {
    Config c = config.getConfig("orchestrator.entity");
    return new EntitySettings(
        c.getInt("tag-count"),
        c.getDuration("timer-horizon"),
        c.getInt("max-interruptions"),
        c.getInt("snapshot-every"),
        c.getDuration("handoff-drain-timeout"));
  }
}
