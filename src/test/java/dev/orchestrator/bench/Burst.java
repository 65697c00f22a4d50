package dev.orchestrator.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Scenario "burst", N calls all due at once: every call has the same dueAt (the start of the burst,
 * plus an optional offset), submitted by {@code clients} concurrent clients that each send their
 * next submit as soon as the previous one is answered. Measures first submit → last sink arrival
 * (drain time, and executed calls/s over it), first submit → the list API showing all of them
 * SUCCEEDED (polled), and the submit rate and latency. Also used, unmeasured, as the warm-up.
 */
final class Burst {
  private final BenchConfig cfg;
  private final Api api;
  private final Sink sink;
  private final Results r;
  private final Set<String> known;

  Burst(BenchConfig cfg, Api api, Sink sink, Results r, Set<String> known) {
    this.cfg = cfg;
    this.api = api;
    this.sink = sink;
    this.r = r;
    this.known = known;
  }

  void run(String p, int calls, int clients, boolean measured) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(cfg.timeoutS());
    Instant dueAt =
        Results.wall(t0).plusMillis(cfg.burstDueOffsetMs()).truncatedTo(ChronoUnit.MILLIS);
    Bench.log(p + ": submitting " + calls + " calls due at " + dueAt + ", " + clients + " clients");
    List<Api.Submitted> done =
        Clients.closedLoop(
            clients,
            calls,
            deadline,
            i -> {
              String body = api.body(p, i, dueAt);
              return api.submitNow(i, body, System.nanoTime());
            });
    List<String> ids = new ArrayList<>();
    Histogram latency = Results.histogram();
    long errors = 0;
    long notSent = 0;
    long firstSubmit = Long.MAX_VALUE;
    long lastDone = Long.MIN_VALUE;
    String firstError = null;
    for (Api.Submitted s : done) {
      if (s == null) {
        notSent++;
        continue;
      }
      Results.record(latency, s.doneNanos() - s.sentNanos());
      firstSubmit = Math.min(firstSubmit, s.sentNanos());
      lastDone = Math.max(lastDone, s.doneNanos());
      if (s.ok()) {
        ids.add(s.id());
      } else {
        errors++;
        firstError = firstError != null ? firstError : s.status() + " " + s.error();
      }
    }
    if (firstSubmit == Long.MAX_VALUE) {
      r.fail(p + ": no submit was sent");
      return;
    }
    if (notSent > 0) {
      r.fail(p + ": " + notSent + " submits not sent within " + cfg.timeoutS() + " s");
    }
    known.addAll(ids);
    long submitTime = lastDone - firstSubmit;
    Bench.log(
        p
            + ": "
            + ids.size()
            + " accepted, "
            + errors
            + " failed, in "
            + Results.ms(submitTime)
            + " ms");
    if (errors > 0) {
      r.fail(p + ": " + errors + " submits failed, first: " + firstError);
    }
    if (!measured) {
      boolean all = Deliveries.awaitReceived(sink, ids, deadline);
      r.put(p + ".calls", calls);
      r.put(p + ".received", sink.receivedCount(ids));
      if (!all) {
        r.fail(p + ": not every call reached the sink within " + cfg.timeoutS() + " s");
      }
      return;
    }

    Long allSucceeded = awaitSucceededViaList(p, ids, deadline);
    Bench.log(p + ": waiting " + cfg.dupGraceMs() + " ms for late duplicates, then GET per call");
    Thread.sleep(cfg.dupGraceMs());

    r.put(p + ".calls", calls);
    r.put(p + ".clients", clients);
    r.put(p + ".due_at_offset_ms", cfg.burstDueOffsetMs());
    r.put(p + ".submitted_ok", ids.size());
    r.put(p + ".submit_errors", errors);
    r.putMs(p + ".submit_duration_ms", submitTime);
    r.put(p + ".submit_throughput_per_s", Results.rate(ids.size(), submitTime));
    r.putPercentiles(p + ".submit_latency", latency, 50, 99);
    long lastArrival = Deliveries.report(r, p, sink, ids, 50, 99);
    boolean allReceived = sink.receivedAll(ids);
    r.put(
        p + ".first_submit_to_all_received_ms",
        allReceived && lastArrival >= 0 ? Results.ms(lastArrival - firstSubmit) : "n/a");
    // Executed calls/s as the issue counts them: all N drained from the first submit on.
    r.put(
        p + ".executed_per_s",
        allReceived && lastArrival >= 0
            ? Results.rate(ids.size(), lastArrival - firstSubmit)
            : "n/a");
    long firstArrival = firstArrival(ids);
    r.put(
        p + ".delivery_window_per_s",
        allReceived && firstArrival >= 0
            ? Results.rate(ids.size(), lastArrival - firstArrival)
            : "n/a");
    r.put(p + ".submit_connections_opened", api.submitConnectionsOpened());
    r.put(
        p + ".first_submit_to_all_succeeded_ms",
        allSucceeded == null ? "n/a" : Results.ms(allSucceeded - firstSubmit));
    r.put(p + ".succeeded_poll_interval_ms", cfg.pollMs());
    Instant lastFinished = Deliveries.verify(r, p, api, ids);
    r.put(
        p + ".first_submit_to_last_finished_at_ms",
        lastFinished == null
            ? "n/a"
            : Results.ms(Duration.between(Results.wall(firstSubmit), lastFinished).toNanos()));
    if (allSucceeded == null) {
      r.fail(
          p + ": the list API did not show every call SUCCEEDED within " + cfg.timeoutS() + " s");
    }
  }

  /** nanoTime of the earliest first arrival of the calls, or -1. */
  private long firstArrival(List<String> ids) {
    long first = -1;
    for (String id : ids) {
      Sink.Arrival a = sink.first(id);
      if (a != null && (first < 0 || a.nanos() - first < 0)) {
        first = a.nanos();
      }
    }
    return first;
  }

  /**
   * Polls {@code GET ...?status=SUCCEEDED&tag=...} (all pages) until every call is in it; returns
   * the nanoTime the poll that saw them all completed (an upper bound, poll-ms granularity), or
   * null when some calls ended otherwise (FAILED, CANCELLED) or the deadline passed. Until the sink
   * has every call (a call cannot be SUCCEEDED before it arrived) it polls only once a second, to
   * keep the observer's own load on the node small.
   */
  private Long awaitSucceededViaList(String p, List<String> ids, long deadline)
      throws InterruptedException {
    long nextLog = System.nanoTime() + 5_000_000_000L;
    long nextSlowPoll = 0;
    int seen = 0;
    while (System.nanoTime() - deadline < 0) {
      if (!sink.receivedAll(ids) && System.nanoTime() - nextSlowPoll < 0) {
        Thread.sleep(20);
        continue;
      }
      try {
        Set<String> succeeded = api.listIds("SUCCEEDED", cfg.tag(p));
        long now = System.nanoTime();
        if (succeeded.containsAll(ids)) {
          Bench.log(
              p
                  + ": list shows all "
                  + ids.size()
                  + " SUCCEEDED; sink has "
                  + sink.receivedCount(ids));
          return now;
        }
        seen = succeeded.size();
        Set<String> ended = api.listIds("FAILED,CANCELLED", cfg.tag(p));
        if (!ended.isEmpty()) {
          ended.addAll(succeeded);
          if (ended.containsAll(ids)) {
            Bench.log(
                p
                    + ": every call ended, "
                    + seen
                    + " SUCCEEDED, "
                    + (ended.size() - seen)
                    + " FAILED or CANCELLED");
            return null;
          }
        }
      } catch (IOException e) {
        Bench.log(p + ": list failed: " + e.getMessage());
      }
      if (System.nanoTime() - nextLog > 0) {
        Bench.log(
            p
                + ":   list SUCCEEDED "
                + seen
                + "/"
                + ids.size()
                + ", sink "
                + sink.receivedCount(ids));
        nextLog = System.nanoTime() + 5_000_000_000L;
      }
      nextSlowPoll = System.nanoTime() + 1_000_000_000L;
      Thread.sleep(cfg.pollMs());
    }
    return null;
  }
}
