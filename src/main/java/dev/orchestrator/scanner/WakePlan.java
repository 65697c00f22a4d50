package dev.orchestrator.scanner;

import dev.orchestrator.projection.ServiceCallQueries.DueCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which calls one scan wakes, and when. At most {@code maxWakes} per scan, earliest due first, so a
 * backlog (after an outage, a full-cluster restart) drains at a bounded rate. Calls already overdue
 * are spread at random over the scan interval instead of being woken in the same instant: each wake
 * recovers an entity from the journal, and a burst of them is a stampede on the database and on the
 * targets. Calls due later are woken at once; their own timer then fires on time.
 */
final class WakePlan {
  record Wake(String entityId, Duration delay) {}

  private WakePlan() {}

  static List<Wake> plan(
      List<DueCall> due,
      Instant now,
      Duration spread,
      int maxWakes,
      RecentWakes recent,
      RandomGenerator random) {
    List<DueCall> sorted = new ArrayList<>(due);
    sorted.sort((a, b) -> a.nextDueAt().compareTo(b.nextDueAt()));
    List<Wake> out = new ArrayList<>();
    long spreadNanos = spread.toNanos();
    for (DueCall call : sorted) {
      if (out.size() >= maxWakes) {
        break;
      }
      String entityId = call.tenantId() + ":" + call.serviceCallId();
      if (!recent.shouldWake(entityId, now)) {
        continue;
      }
      Duration delay =
          call.nextDueAt().isAfter(now) || spreadNanos <= 0
              ? Duration.ZERO
              : Duration.ofNanos(random.nextLong(spreadNanos));
      out.add(new Wake(entityId, delay));
    }
    return out;
  }
}
