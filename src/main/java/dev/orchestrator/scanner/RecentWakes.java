package dev.orchestrator.scanner;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which calls were woken lately so a call that stays in the due window is not woken on
 * every scan. Entries expire in insertion order, so memory is bounded by what one window holds.
 */
final class RecentWakes {
  private final Duration ttl;
  private final LinkedHashMap<String, Instant> wokenAt = new LinkedHashMap<>();

  RecentWakes(Duration ttl) {
    this.ttl = ttl;
  }

  boolean shouldWake(String entityId, Instant now) {
    if (wokenAt.containsKey(entityId)) {
      return false;
    }
    wokenAt.put(entityId, now);
    return true;
  }

  /** The wake was not sent after all: the next scan may wake the call again. */
  void forget(String entityId) {
    wokenAt.remove(entityId);
  }

  void expire(Instant now) {
    Iterator<Map.Entry<String, Instant>> it = wokenAt.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue().plus(ttl).isAfter(now)) {
        return;
      }
      it.remove();
    }
  }
}
