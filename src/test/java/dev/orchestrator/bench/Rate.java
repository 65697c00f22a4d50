package dev.orchestrator.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Scenario B, "R calls/s for D seconds": an open-model generator. Submit i is scheduled at {@code
 * t0 + i/R} whatever happened to earlier submits (async, unbounded in flight), and its latency is
 * measured from that intended time, so a slow server shows up as latency instead of silently
 * lowering the rate (coordinated omission). Each call is due {@code due-delay-ms} after its
 * intended submit time; lateness = sink arrival − dueAt.
 */
final class Rate {
  private final BenchConfig cfg;
  private final Api api;
  private final Sink sink;
  private final Results r;
  private final Set<String> known;

  Rate(BenchConfig cfg, Api api, Sink sink, Results r, Set<String> known) {
    this.cfg = cfg;
    this.api = api;
    this.sink = sink;
    this.r = r;
    this.known = known;
  }

  void run() throws Exception {
    String p = "rate";
    int total = cfg.rate() * cfg.durationS();
    double interval = 1e9 / cfg.rate();
    Bench.log(
        p
            + ": "
            + cfg.rate()
            + " calls/s for "
            + cfg.durationS()
            + " s, each due "
            + cfg.dueDelayMs()
            + " ms after submit");
    List<CompletableFuture<Api.Submitted>> pending = new ArrayList<>(total);
    AtomicInteger inFlight = new AtomicInteger();
    int maxInFlight = 0;
    long maxLag = 0;
    Instant lastDue = null;
    long t0 = System.nanoTime() + 100_000_000L;
    // Bounded in time whatever the server does: stop generating well after the planned end.
    long hardStop =
        t0 + TimeUnit.SECONDS.toNanos(cfg.durationS()) * 2 + TimeUnit.SECONDS.toNanos(10);
    int sent = 0;
    for (int i = 0; i < total; i++) {
      long intended = t0 + Math.round(i * interval);
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      long now = System.nanoTime();
      if (now - hardStop > 0) {
        r.fail(
            p + ": generator could not keep up; stopped after " + i + " of " + total + " submits");
        break;
      }
      maxLag = Math.max(maxLag, now - intended);
      Instant dueAt =
          Results.wall(intended).plusMillis(cfg.dueDelayMs()).truncatedTo(ChronoUnit.MILLIS);
      lastDue = dueAt;
      maxInFlight = Math.max(maxInFlight, inFlight.incrementAndGet());
      pending.add(
          api.submit(i, api.body(p, i, dueAt), intended)
              .whenComplete((s, e) -> inFlight.decrementAndGet()));
      sent++;
      if (i > 0 && i % (cfg.rate() * 5) == 0) {
        Bench.log(p + ":   " + i + " submitted, " + inFlight.get() + " in flight");
      }
    }
    long genEnd = System.nanoTime();
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      r.fail(p + ": submits still pending 60 s after the generator stopped");
    }
    List<String> ids = new ArrayList<>();
    Histogram latency = Results.histogram();
    long errors = 0;
    String firstError = null;
    for (CompletableFuture<Api.Submitted> f : pending) {
      Api.Submitted s = f.getNow(null);
      if (s == null) {
        errors++;
        continue;
      }
      Results.record(latency, s.doneNanos() - s.startNanos());
      if (s.ok()) {
        ids.add(s.id());
      } else {
        errors++;
        firstError = firstError != null ? firstError : s.status() + " " + s.error();
      }
    }
    known.addAll(ids);
    Bench.log(p + ": " + ids.size() + " accepted, " + errors + " failed; waiting for deliveries");
    if (errors > 0) {
      r.fail(p + ": " + errors + " submits failed, first: " + firstError);
    }
    long deadline =
        (lastDue == null ? System.nanoTime() : Results.nanosOf(lastDue))
            + TimeUnit.SECONDS.toNanos(cfg.timeoutS());
    boolean all = Deliveries.awaitReceived(sink, ids, deadline);
    Bench.log(
        p
            + ": "
            + (all ? "all received" : "deadline passed")
            + "; waiting "
            + cfg.dupGraceMs()
            + " ms for late duplicates, then GET per call");
    Thread.sleep(cfg.dupGraceMs());

    r.put(p + ".target_rate_per_s", cfg.rate());
    r.put(p + ".duration_s", cfg.durationS());
    r.put(p + ".due_delay_ms", cfg.dueDelayMs());
    r.put(p + ".calls", total);
    r.put(p + ".submitted", sent);
    r.put(p + ".submitted_ok", ids.size());
    r.put(p + ".submit_errors", errors);
    r.put(p + ".achieved_submit_rate_per_s", Results.rate(sent, genEnd - t0));
    r.putMs(p + ".generator_max_lag_ms", maxLag);
    r.put(p + ".max_submits_in_flight", maxInFlight);
    r.putPercentiles(p + ".submit_latency", latency, 50, 99);
    Deliveries.report(r, p, sink, ids, 50, 90, 99);
    Deliveries.verify(r, p, api, ids);
  }
}
