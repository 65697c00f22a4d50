package dev.orchestrator.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.projection.ServiceCallQueries.DueCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WakePlanTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration SPREAD = Duration.ofSeconds(1);

  private static List<DueCall> overdue(int n) {
    List<DueCall> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Newest first on purpose: the plan must sort by due time itself.
      calls.add(new DueCall("t", "c" + i, NOW.minusSeconds(i + 1)));
    }
    return calls;
  }

  @Test
  void backlog_isCappedPerScan_oldestFirst() {
    var plan =
        WakePlan.plan(overdue(50), NOW, SPREAD, 10, new RecentWakes(Duration.ofSeconds(10)), rnd());
    assertEquals(10, plan.size());
    assertEquals("t:c49", plan.get(0).entityId());
    assertEquals("t:c40", plan.get(9).entityId());
  }

  @Test
  void overdueWakes_areSpreadOverTheInterval_notFiredInOneInstant() {
    var plan =
        WakePlan.plan(
            overdue(500), NOW, SPREAD, 500, new RecentWakes(Duration.ofSeconds(10)), rnd());
    var delays = plan.stream().map(WakePlan.Wake::delay).toList();
    assertTrue(delays.stream().allMatch(d -> !d.isNegative() && d.compareTo(SPREAD) < 0));
    var buckets = new HashSet<Long>();
    delays.forEach(d -> buckets.add(d.toMillis() / 100));
    assertEquals(10, buckets.size(), "wakes fall in every tenth of the interval");
  }

  @Test
  void callsDueLater_areWokenAtOnce_soTheirOwnTimerFiresOnTime() {
    var later = List.of(new DueCall("t", "soon", NOW.plusSeconds(5)));
    var plan =
        WakePlan.plan(later, NOW, SPREAD, 10, new RecentWakes(Duration.ofSeconds(10)), rnd());
    assertEquals(List.of(new WakePlan.Wake("t:soon", Duration.ZERO)), plan);
  }

  @Test
  void recentlyWokenCalls_doNotUseTheBudget() {
    var recent = new RecentWakes(Duration.ofSeconds(10));
    var first = WakePlan.plan(overdue(20), NOW, SPREAD, 10, recent, rnd());
    var second = WakePlan.plan(overdue(20), NOW.plusSeconds(1), SPREAD, 10, recent, rnd());
    assertEquals(10, second.size());
    var firstIds = first.stream().map(WakePlan.Wake::entityId).toList();
    assertTrue(second.stream().noneMatch(w -> firstIds.contains(w.entityId())));
  }

  private static SplittableRandom rnd() {
    return new SplittableRandom(42);
  }
}
