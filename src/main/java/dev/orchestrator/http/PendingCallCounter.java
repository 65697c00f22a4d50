package dev.orchestrator.http;

import dev.orchestrator.domain.TenantId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each tenant's pending (SCHEDULED or RUNNING) calls, known without a query per submit: the count
 * from the last periodic read-model query plus the calls this node accepted since the query before
 * it started.
 *
 * <p>Approximate by design. A call accepted here shortly before a query may not be projected yet,
 * so local acceptances are kept for one more refresh: none is missed while the projection lag is
 * under one refresh interval, and one accepted just before a query is counted twice until the next
 * refresh. Calls other nodes accept show only after the next refresh, and calls that finish free
 * their slot only then. So the cap is exact to within about one refresh interval's submits.
 */
final class PendingCallCounter {
  /** Counts from one query, and this node's accepted totals when the query before it started. */
  private record Snapshot(Map<TenantId, Long> counted, Map<TenantId, Long> acceptedBefore) {}

  private final Callable<Map<String, Long>> query;
  // Monotone per tenant since start: a snapshot subtracts what it already covers, so refreshes
  // never race with increments.
  private final ConcurrentHashMap<TenantId, LongAdder> accepted = new ConcurrentHashMap<>();
  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());
  private Map<TenantId, Long> acceptedAtLastQuery = Map.of();

  /**
   * @param query pending calls by tenant id, from the read model (blocking)
   */
  PendingCallCounter(Callable<Map<String, Long>> query) {
    this.query = query;
  }

  long pending(TenantId tenant) {
    Snapshot s = snapshot;
    return s.counted().getOrDefault(tenant, 0L)
        + accepted(tenant)
        - s.acceptedBefore().getOrDefault(tenant, 0L);
  }

  /** A new call was created on this node (a repeated idempotent submit is not one). */
  void recordAccepted(TenantId tenant) {
    accepted.computeIfAbsent(tenant, t -> new LongAdder()).increment();
  }

  /** Re-reads the counts; blocking, so run it off the request threads. */
  synchronized void refresh() throws Exception {
    Map<TenantId, Long> before = new HashMap<>();
    accepted.forEach((t, n) -> before.put(t, n.sum()));
    Map<TenantId, Long> counted = new HashMap<>();
    query.call().forEach((t, n) -> counted.put(new TenantId(t), n));
    snapshot = new Snapshot(Map.copyOf(counted), acceptedAtLastQuery);
    acceptedAtLastQuery = Map.copyOf(before);
  }

  private long accepted(TenantId tenant) {
    LongAdder n = accepted.get(tenant);
    return n == null ? 0 : n.sum();
  }
}
