package dev.orchestrator.cluster;

import static dev.orchestrator.cluster.SeedJoinGate.Decision.JOIN_OTHERS;
import static dev.orchestrator.cluster.SeedJoinGate.Decision.MAY_FORM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeedJoinGateTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  final SeedJoinGate gate = new SeedJoinGate(Duration.ofSeconds(10));

  @Test
  void aFreshDatabaseLetsTheFirstSeedFormTheClusterAtOnce() {
    assertEquals(MAY_FORM, gate.next(T0, false, false));
  }

  @Test
  void aLiveNodeOnTheDatabaseMeansJoinIt() {
    assertEquals(JOIN_OTHERS, gate.next(T0, true, true));
    assertEquals(JOIN_OTHERS, gate.next(T0.plusSeconds(60), true, true));
  }

  @Test
  void recentlyGoneNodesMustStayQuietForAWholeTtl() {
    assertEquals(JOIN_OTHERS, gate.next(T0, false, true));
    assertEquals(JOIN_OTHERS, gate.next(T0.plusSeconds(9), false, true));
    assertEquals(MAY_FORM, gate.next(T0.plusSeconds(10), false, true));
  }

  @Test
  void aBeatDuringTheQuietPeriodStartsItAgain() {
    gate.next(T0, false, true);
    gate.next(T0.plusSeconds(8), true, true);
    assertEquals(JOIN_OTHERS, gate.next(T0.plusSeconds(12), false, true));
    assertEquals(MAY_FORM, gate.next(T0.plusSeconds(22), false, true));
  }
}
