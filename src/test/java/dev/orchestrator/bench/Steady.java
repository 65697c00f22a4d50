package dev.orchestrator.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Scenario "steady" (old name "rate"), R calls/s for D seconds: an open-model generator. Submit i
 * is scheduled at {@code t0 + i/R} whatever happened to earlier submits, handed to a pool of {@code
 * steady-connections} senders (one keep-alive connection each at most), and its latency is measured
 * from that intended time, so a slow server shows up as latency instead of silently lowering the
 * rate (coordinated omission). The send lag (intended time → request written) shows whether the
 * generator itself kept up. Each call is due {@code due-delay-ms} after its intended submit time;
 * lateness = sink arrival − dueAt.
 */
final class Steady {
  /** Scheduling lag p99 above which the generator itself, not the node, bent the schedule. */
  private static final long KEPT_UP_P99_MICROS = 5_000;

  private final BenchConfig cfg;
  private final Api api;
  private final Sink sink;
  private final Results r;
  private final Set<String> known;

  Steady(BenchConfig cfg, Api api, Sink sink, Results r, Set<String> known) {
    this.cfg = cfg;
    this.api = api;
    this.sink = sink;
    this.r = r;
    this.known = known;
  }

  void run() throws Exception {
    String p = "steady";
    int total = cfg.rate() * cfg.durationS();
    double interval = 1e9 / cfg.rate();
    Bench.log(
        String.format(
            java.util.Locale.ROOT,
            "%s: %d calls/s for %d s, each due %d ms after submit, %d senders",
            p,
            cfg.rate(),
            cfg.durationS(),
            cfg.dueDelayMs(),
            cfg.steadyConnections()));
    ThreadPoolExecutor senders =
        new ThreadPoolExecutor(
            cfg.steadyConnections(),
            cfg.steadyConnections(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t = new Thread(null, task, "steady-sender", 256 * 1024);
              t.setDaemon(true);
              return t;
            });
    senders.prestartAllCoreThreads();
    AtomicReferenceArray<Api.Submitted> done = new AtomicReferenceArray<>(total);
    Histogram sendLag = new SynchronizedHistogram(Results.histogram());
    Histogram schedulingLag = Results.histogram();
    AtomicInteger inFlight = new AtomicInteger();
    int maxInFlight = 0;
    int maxQueued = 0;
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
      Results.record(schedulingLag, now - intended);
      Instant dueAt =
          Results.wall(intended).plusMillis(cfg.dueDelayMs()).truncatedTo(ChronoUnit.MILLIS);
      lastDue = dueAt;
      maxInFlight = Math.max(maxInFlight, inFlight.incrementAndGet());
      maxQueued = Math.max(maxQueued, senders.getQueue().size());
      int seq = i;
      senders.execute(
          () -> {
            String body = api.body(p, seq, dueAt);
            Results.record(sendLag, System.nanoTime() - intended);
            done.set(seq, api.submitNow(seq, body, intended));
            inFlight.decrementAndGet();
          });
      sent++;
      if (i > 0 && i % (cfg.rate() * 5) == 0) {
        Bench.log(p + ":   " + i + " submitted, " + inFlight.get() + " in flight");
      }
    }
    long genEnd = System.nanoTime();
    senders.shutdown();
    if (!senders.awaitTermination(60, TimeUnit.SECONDS)) {
      r.fail(p + ": submits still pending 60 s after the generator stopped");
      senders.shutdownNow();
    }
    List<String> ids = new ArrayList<>();
    Histogram latency = Results.histogram();
    Histogram serviceTime = Results.histogram();
    long errors = 0;
    long neverSent = 0;
    String firstError = null;
    for (int i = 0; i < sent; i++) {
      Api.Submitted s = done.get(i);
      if (s == null) {
        neverSent++;
        continue;
      }
      Results.record(latency, s.doneNanos() - s.startNanos());
      Results.record(serviceTime, s.doneNanos() - s.sentNanos());
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
    if (neverSent > 0) {
      r.fail(
          p
              + ": "
              + neverSent
              + " submits never sent: all senders still waited for the node 60 s after the"
              + " generator stopped");
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
    r.put(p + ".submits_never_sent", neverSent);
    r.put(p + ".achieved_submit_rate_per_s", Results.rate(sent, genEnd - t0));
    r.putPercentiles(p + ".generator_lag", schedulingLag, 99);
    r.putPercentiles(p + ".send_lag", sendLag, 50, 99);
    // Two ways the offered load can differ from R/s: the generating thread itself falls behind
    // (a busy host), or every sender is still waiting for the node (it does not keep up).
    boolean keptUp = sent == total && schedulingLag.getValueAtPercentile(99) <= KEPT_UP_P99_MICROS;
    r.put(p + ".generator_kept_up", keptUp);
    r.put(p + ".senders_saturated", maxQueued > 0);
    if (!keptUp) {
      r.put(
          p + ".generator_warning",
          "the generating thread fell behind its schedule (lag p99 above 5 ms, or it stopped"
              + " early): the host is too busy to offer "
              + cfg.rate()
              + "/s on time");
    }
    if (maxQueued > 0) {
      r.put(
          p + ".senders_warning",
          "all "
              + cfg.steadyConnections()
              + " senders waited for the node (up to "
              + maxQueued
              + " submits queued behind them): the node did not keep up with "
              + cfg.rate()
              + "/s; submit latency, measured from the intended time, includes the queueing");
    }
    r.put(p + ".senders", cfg.steadyConnections());
    r.put(p + ".max_submits_in_flight", maxInFlight);
    r.put(p + ".max_submits_queued_in_generator", maxQueued);
    r.put(p + ".submit_connections_opened", api.submitConnectionsOpened());
    r.putPercentiles(p + ".submit_latency", latency, 50, 99);
    // The same from the moment the request was written: without the generator's own delays.
    r.putPercentiles(p + ".submit_service_time", serviceTime, 50, 99);
    Deliveries.report(r, p, sink, ids, 50, 90, 99);
    Deliveries.verify(r, p, api, ids);
  }
}
