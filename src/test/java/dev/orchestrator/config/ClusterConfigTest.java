package dev.orchestrator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The cluster settings RELIABILITY section 1 asks for, as a node really loads them. */
class ClusterConfigTest {
  private final Config config = ConfigLoader.load(ConfigFactory.empty());

  @Test
  void splitBrainResolver_keepsTheMajority() {
    assertEquals(
        "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        config.getString("pekko.cluster.downing-provider-class"));
    assertEquals(
        "keep-majority", config.getString("pekko.cluster.split-brain-resolver.active-strategy"));
  }

  @Test
  void aShuttingDownNode_cannotTalkHealthyPeersIntoDowningThemselves() {
    // apache/pekko#578: harmless quarantines answered with Quarantined made peers down themselves.
    assertFalse(config.getBoolean("pekko.remote.artery.propagate-harmless-quarantine-events"));
  }

  @Test
  void pauseGuard_waitsOutStableAfter() {
    assertEquals(
        config.getDuration("pekko.cluster.split-brain-resolver.stable-after"),
        config.getDuration("orchestrator.execution.pause-guard.threshold"));
  }
}
