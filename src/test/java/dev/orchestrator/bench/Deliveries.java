package dev.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** What the sink and the API say about a scenario's calls, turned into metrics and failures. */
final class Deliveries {
  private Deliveries() {}

  /** Waits until the sink has seen every call once, or the deadline passes. */
  static boolean awaitReceived(Sink sink, Collection<String> ids, long deadlineNanos)
      throws InterruptedException {
    long nextLog = System.nanoTime() + 5_000_000_000L;
    while (!sink.receivedAll(ids)) {
      long now = System.nanoTime();
      if (now - deadlineNanos > 0) {
        return false;
      }
      if (now - nextLog > 0) {
        Bench.log("  received " + sink.receivedCount(ids) + "/" + ids.size());
        nextLog = now + 5_000_000_000L;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /**
   * Received, missing, duplicates and lateness (first arrival minus the X-Due-At the call carried)
   * of the given calls. Returns the nanoTime of the last first arrival, or -1.
   */
  static long report(
      Results r, String p, Sink sink, Collection<String> ids, double... percentiles) {
    Histogram lateness = Results.histogram();
    long received = 0;
    long duplicateIds = 0;
    long extraDeliveries = 0;
    long sameAttemptTwice = 0;
    long early = 0;
    long noDueHeader = 0;
    long firstOnRetry = 0;
    long minLateness = Long.MAX_VALUE;
    long lastArrival = -1;
    for (String id : ids) {
      Sink.Arrival a = sink.first(id);
      if (a == null) {
        continue;
      }
      received++;
      if (a.attempt() != null && !a.attempt().equals("1")) {
        firstOnRetry++;
      }
      lastArrival = lastArrival < 0 || a.nanos() - lastArrival > 0 ? a.nanos() : lastArrival;
      int n = sink.deliveries(id);
      if (n > 1) {
        duplicateIds++;
        extraDeliveries += n - 1;
        var attempts = sink.all(id).stream().map(Sink.Arrival::attempt).toList();
        if (attempts.stream().distinct().count() < attempts.size()) {
          sameAttemptTwice++;
        }
        if (duplicateIds <= 5) {
          Bench.log("  duplicate delivery of " + id + ": attempts " + attempts);
        }
      }
      if (a.dueAt() == null) {
        noDueHeader++;
        continue;
      }
      long late = a.nanos() - Results.nanosOf(a.dueAt());
      minLateness = Math.min(minLateness, late);
      if (late < 0) {
        early++;
      }
      Results.record(lateness, late);
    }
    long missing = ids.size() - received;
    r.put(p + ".received", received);
    r.put(p + ".missing", missing);
    r.put(p + ".duplicates", duplicateIds);
    r.put(p + ".duplicate_extra_deliveries", extraDeliveries);
    r.put(p + ".duplicates_same_attempt", sameAttemptTwice);
    // Earlier attempts failed without reaching the sink (e.g. the node's own connection pool).
    r.put(p + ".first_delivery_on_a_retry", firstOnRetry);
    r.putPercentiles(p + ".lateness", lateness, percentiles);
    r.put(p + ".lateness_min_ms", minLateness == Long.MAX_VALUE ? "n/a" : Results.ms(minLateness));
    r.put(p + ".early_deliveries", early);
    if (noDueHeader > 0) {
      r.put(p + ".deliveries_without_due_header", noDueHeader);
    }
    if (missing > 0) {
      r.fail(p + ": " + missing + " of " + ids.size() + " accepted calls never reached the sink");
    }
    if (duplicateIds > 0) {
      r.fail(p + ": " + duplicateIds + " calls were delivered more than once");
    }
    return lastArrival;
  }

  /**
   * GET of every call: final status counts, calls that needed more than one attempt, and the latest
   * finishedAt (server clock, same host). Returns that finishedAt, or null.
   */
  static Instant verify(Results r, String p, Api api, Collection<String> ids)
      throws InterruptedException {
    Map<String, JsonNode> views = api.getAll(ids, 16);
    Map<String, Integer> byStatus = new TreeMap<>();
    Map<String, Integer> errors = new TreeMap<>();
    long multiAttempt = 0;
    Instant lastFinished = null;
    for (JsonNode v : views.values()) {
      byStatus.merge(v.path("status").asText("?"), 1, Integer::sum);
      JsonNode error = v.path("error");
      if (!"SUCCEEDED".equals(v.path("status").asText()) && error.isObject()) {
        errors.merge(
            error.path("kind").asText() + ": " + error.path("message").asText(), 1, Integer::sum);
      }
      if (v.path("attempts").asInt() > 1) {
        multiAttempt++;
      }
      String f = v.path("finishedAt").asText(null);
      if (f != null && !v.path("finishedAt").isNull()) {
        Instant t = Instant.parse(f);
        lastFinished = lastFinished == null || t.isAfter(lastFinished) ? t : lastFinished;
      }
    }
    int succeeded = byStatus.getOrDefault("SUCCEEDED", 0);
    r.put(p + ".api_succeeded", succeeded);
    r.put(
        p + ".api_status_counts",
        byStatus.isEmpty() ? "none" : byStatus.toString().replace(" ", ""));
    r.put(p + ".api_get_failed", ids.size() - views.size());
    r.put(p + ".calls_with_more_than_one_attempt", multiAttempt);
    if (!errors.isEmpty()) {
      // Last error of the calls that did not succeed, by kind and message.
      r.put(p + ".api_errors_of_unsuccessful", errors.toString());
    }
    if (succeeded < ids.size()) {
      r.fail(
          p
              + ": only "
              + succeeded
              + " of "
              + ids.size()
              + " accepted calls are SUCCEEDED (GET per id): "
              + byStatus);
    }
    return lastFinished;
  }
}
