package dev.orchestrator.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Scenario "hold", H calls due in an hour (bench/README.md "Hold"): what holding them costs and
 * whether a restart keeps them. The node is measured idle (heap after a full GC, RSS, database
 * size); {@code hold-api-calls} calls are submitted through the API (the real path) and the rest
 * seeded into PostgreSQL with the node stopped ({@link HoldSeed}); the node is started again (the
 * restart: time to ready), some held calls are read back through the API, and the sink is watched
 * for {@code hold-watch-s}: none may fire. Then heap and RSS again, and the database's growth per
 * held call. The node is measured, stopped and started by run.sh ({@link NodeControl}).
 */
final class Hold {
  private static final String P = "hold";

  private record Memory(double heapMb, double rssMb) {}

  private final BenchConfig cfg;
  private final BenchConfig.HoldConfig h;
  private final Api api;
  private final Sink sink;
  private final Results r;
  private final Set<String> known;
  private final NodeControl node;
  // The first and last call of the API sample, read back with the seeded ones.
  private List<String> sampleIds = List.of();
  private List<Instant> sampleDue = List.of();

  Hold(BenchConfig cfg, Api api, Sink sink, Results r, Set<String> known) {
    this.cfg = cfg;
    this.h = cfg.hold();
    this.api = api;
    this.sink = sink;
    this.r = r;
    this.known = known;
    this.node = new NodeControl(java.nio.file.Path.of(h.nodeControl()));
  }

  void run() throws Exception {
    try (Connection db = DriverManager.getConnection(h.dbUrl(), h.dbUser(), "")) {
      Bench.log(
          P + ": " + h.calls() + " calls due in " + h.dueInS() + " s; measuring the idle node");
      Thread.sleep(TimeUnit.SECONDS.toMillis(h.settleS()));
      Memory idle = memory("idle");
      DbSizes before = DbSizes.measure(db);
      Instant base = Instant.now().plusSeconds(h.dueInS()).truncatedTo(ChronoUnit.SECONDS);
      String template = submitSample(base);
      if (template == null || !awaitProjected(db)) {
        return;
      }
      Memory sample = memory("after the API sample");
      int tagCount = HoldSeed.tagCount(db, cfg.tenant());
      Map<String, String> stop = node.request("stop", Duration.ofSeconds(120));
      HoldSeed.Seeded seeded;
      DbSizes after;
      Map<String, String> start;
      try {
        Bench.log(P + ": node stopped; seeding " + (h.calls() - h.apiCalls()) + " held calls");
        var t = new HoldSeed.Template(cfg.tenant(), template, HoldSeed.dueOf(base, 0), name(0));
        seeded = HoldSeed.seed(db, t, base, h.apiCalls(), h.calls(), tagCount);
        after = DbSizes.measure(db);
      } finally {
        Bench.log(P + ": starting the node again (the restart)");
        start = node.request("start", Duration.ofSeconds(600));
      }
      long ready = System.nanoTime();
      Bench.log(P + ": node ready after " + start.get("start_to_ready_ms") + " ms");
      List<HoldSeed.Check> checks = new ArrayList<>(seeded.checks());
      for (int i = 0; i < sampleIds.size(); i++) {
        checks.add(new HoldSeed.Check(sampleIds.get(i), sampleDue.get(i)));
      }
      int mismatches = HoldChecks.readBack(api, checks);
      long watchEnd = ready + TimeUnit.SECONDS.toNanos(h.watchS());
      while (System.nanoTime() - watchEnd < 0) {
        Thread.sleep(Math.min(5_000, Math.max(1, (watchEnd - System.nanoTime()) / 1_000_000)));
        Bench.log(P + ":   watching; deliveries of held calls so far: " + held().size());
      }
      Memory held = memory("holding, after the restart");
      Set<String> fired = held();
      fired.addAll(HoldChecks.startedInReadModel(db, cfg.tenant(), cfg.tag(P)));
      long scheduled = HoldChecks.scheduled(db, cfg.tenant(), cfg.tag(P));
      r.put(P + ".calls", h.calls());
      r.put(P + ".api_calls", h.apiCalls());
      r.put(P + ".seeded_calls", seeded.calls());
      r.put(P + ".due_in_s", h.dueInS());
      r.put(P + ".due_first", HoldSeed.dueOf(base, 0));
      r.put(P + ".due_last", HoldSeed.dueOf(base, h.calls() - 1));
      r.put(P + ".projection_tags", tagCount);
      r.put(P + ".seed_s", String.format(java.util.Locale.ROOT, "%.1f", seeded.seconds()));
      reportMemory(idle, sample, held);
      reportDatabase(before, after);
      r.put(P + ".stop_ms", stop.get("stop_ms"));
      r.put(P + ".restart_to_ready_ms", start.get("start_to_ready_ms"));
      r.put(P + ".api_checked", checks.size());
      r.put(P + ".api_check_mismatches", mismatches);
      r.put(P + ".watch_s", h.watchS());
      r.put(P + ".scheduled_in_read_model", scheduled);
      r.put(P + ".fired_early", fired.size());
      if (!fired.isEmpty()) {
        r.fail(P + ": " + fired.size() + " held calls fired (or started) early: " + first(fired));
      }
      if (scheduled != h.calls()) {
        r.fail(P + ": the read model shows " + scheduled + " of " + h.calls() + " held SCHEDULED");
      }
      if (mismatches > 0) {
        r.fail(P + ": " + mismatches + " held calls read back wrong through the API");
      }
    }
  }

  private String name(int k) {
    return HoldSeed.nameOf(k);
  }

  /** The API sample, due from {@code base} on; returns the id of call 0 (the template) or null. */
  private String submitSample(Instant base) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(cfg.timeoutS());
    Bench.log(P + ": submitting " + h.apiCalls() + " held calls, " + h.clients() + " clients");
    List<Api.Submitted> done =
        Clients.closedLoop(
            h.clients(),
            h.apiCalls(),
            deadline,
            i -> {
              String body = api.body(P, name(i), i, HoldSeed.dueOf(base, i));
              return api.submitNow(i, body, System.nanoTime());
            });
    long errors = 0;
    String firstError = null;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Api.Submitted s : done) {
      if (s == null || !s.ok()) {
        errors++;
        firstError = firstError != null || s == null ? firstError : s.status() + " " + s.error();
        continue;
      }
      known.add(s.id());
      first = Math.min(first, s.sentNanos());
      last = Math.max(last, s.doneNanos());
    }
    r.put(P + ".api_submit_errors", errors);
    r.put(P + ".api_submit_per_s", Results.rate(h.apiCalls() - errors, last - first));
    if (errors > 0) {
      r.fail(P + ": " + errors + " submits failed, first: " + firstError);
      return null;
    }
    sampleIds = List.of(done.get(0).id(), done.get(done.size() - 1).id());
    sampleDue = List.of(HoldSeed.dueOf(base, 0), HoldSeed.dueOf(base, done.size() - 1));
    return done.get(0).id();
  }

  /** Waits until the projection has applied every journal event (the sample's included). */
  private boolean awaitProjected(Connection db) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(cfg.timeoutS());
    while (System.nanoTime() - deadline < 0) {
      if (HoldChecks.projected(db, cfg.tenant(), cfg.tag(P), h.apiCalls())) {
        return true;
      }
      Thread.sleep(200);
    }
    r.fail(P + ": the read model did not catch up with the API sample within " + cfg.timeoutS());
    return false;
  }

  /** Held calls the sink has seen (none should be). */
  private Set<String> held() {
    Set<String> ids = new TreeSet<>();
    sink.to("/sink/" + P).forEach(a -> ids.add(a.callId()));
    return ids;
  }

  private Memory memory(String when) throws Exception {
    Map<String, String> m = node.request("heap", Duration.ofSeconds(120));
    Memory mem =
        new Memory(Double.parseDouble(m.get("heap_used_mb")), Double.parseDouble(m.get("rss_mb")));
    Bench.log(
        P
            + ": node "
            + when
            + ": heap after full GC "
            + mem.heapMb()
            + " MB, RSS "
            + mem.rssMb()
            + " MB");
    return mem;
  }

  private void reportMemory(Memory idle, Memory sample, Memory held) {
    r.put(P + ".heap_idle_mb", idle.heapMb());
    r.put(P + ".heap_after_api_sample_mb", sample.heapMb());
    r.put(P + ".heap_held_mb", held.heapMb());
    r.put(P + ".heap_growth_mb", Math.max(sample.heapMb(), held.heapMb()) - idle.heapMb());
    r.put(P + ".rss_idle_mb", idle.rssMb());
    r.put(P + ".rss_after_api_sample_mb", sample.rssMb());
    r.put(P + ".rss_held_mb", held.rssMb());
  }

  private void reportDatabase(DbSizes before, DbSizes after) {
    long calls = h.calls();
    r.put(P + ".db_bytes_idle", before.database());
    r.put(P + ".db_bytes_held", after.database());
    r.put(P + ".db_bytes_per_held_call", (after.database() - before.database()) / calls);
    r.put(P + ".db_index_bytes_per_held_call", after.indexGrowth(before) / calls);
    for (var e : after.growth(before).entrySet()) {
      r.put(P + ".db_" + e.getKey() + "_bytes_per_call", e.getValue() / calls);
    }
  }

  private static String first(Set<String> ids) {
    return ids.stream().limit(5).toList().toString();
  }
}
