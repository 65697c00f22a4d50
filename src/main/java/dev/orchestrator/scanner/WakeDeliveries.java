package dev.orchestrator.scanner;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether sharding is delivering the scanner's wakes now. A wake to a shard without a home (the
 * cluster still forming after a full restart, a shard moving in a rebalance, a node just downed)
 * waits in a region buffer and is then delivered together with every other buffered wake: paced
 * sends turn into one burst, exactly the stampede the wake rate is there to prevent (seen in F5: 89
 * wakes in one second, 52 in 100 ms, at a configured 30/s). So the scanner sends a full batch only
 * while every wake older than {@code patience} has been answered, and otherwise one probe per scan.
 * A wake unanswered for {@code giveUp} is taken as lost (with a node) and forgotten; the next scan
 * finds its call again. At the start nothing is confirmed: the first scans probe.
 *
 * <p>Patience alone still let {@code patience} worth of wakes pile up before a stall showed: F5 saw
 * 41 wakes released in one second at a configured 20/s, after a rebalance right behind a full
 * restart. So a scan may also only send as many wakes as leave at most one batch unanswered ({@link
 * #allowance}), and each wake is sent only while fewer than {@code window} are unanswered ({@link
 * #mayWake}): with one batch buffered F5 still saw 20 wakes arrive within 200 ms after a stall. The
 * window is 0.4 s of wakes at the configured rate, so a released buffer stays within half a
 * second's rate even with the wakes sent meanwhile, and the drain follows what the cluster absorbs
 * instead of running ahead of it.
 */
final class WakeDeliveries {
  private final Duration patience;
  private final Duration giveUp;
  private final Map<String, Instant> unanswered = new HashMap<>();
  private boolean confirmed;

  WakeDeliveries(Duration patience, Duration giveUp) {
    this.patience = patience;
    this.giveUp = giveUp;
  }

  void sent(String entityId, Instant at) {
    unanswered.putIfAbsent(entityId, at);
  }

  void answered(String entityId) {
    if (unanswered.remove(entityId) != null) {
      confirmed = true;
    }
  }

  /** The ask gave up: the wake may still be buffered somewhere, but it no longer counts. */
  void abandoned(String entityId) {
    unanswered.remove(entityId);
  }

  /** True when a scan may send its whole batch; false means send one probe. */
  boolean delivering(Instant now) {
    Instant lost = now.minus(giveUp);
    Instant late = now.minus(patience);
    boolean stalled = false;
    var it = unanswered.values().iterator();
    while (it.hasNext()) {
      Instant at = it.next();
      if (at.isBefore(lost)) {
        it.remove();
      } else if (at.isBefore(late)) {
        stalled = true;
      }
    }
    if (stalled) {
      confirmed = false;
    }
    return confirmed && !stalled;
  }

  /**
   * How many wakes a scan may send: its batch less the wakes still unanswered while deliveries
   * flow, one probe while they do not, and none once a whole batch is unanswered.
   */
  int allowance(Instant now, int batch) {
    boolean flowing = delivering(now);
    int room = Math.max(0, batch - unanswered.size());
    return flowing ? room : Math.min(1, room);
  }

  /** Whether one more wake may be sent now: fewer than {@code window} are unanswered. */
  boolean mayWake(int window) {
    return unanswered.size() < window;
  }

  int outstanding() {
    return unanswered.size();
  }
}
