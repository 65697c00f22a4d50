package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Read-model projection batching: a group commits after this many envelopes or this long, whichever
 * comes first (one transaction per group, offset included).
 */
public record ProjectionSettings(int groupAfterEnvelopes, Duration groupAfterDuration) {
  public static ProjectionSettings fromConfig(Config config) {
    Config c = config.getConfig("orchestrator.projection");
    return new ProjectionSettings(
        c.getInt("group-after-envelopes"), c.getDuration("group-after-duration"));
  }
}
