package dev.orchestrator.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Scenario "query": GET of one call and the list API's filters over a read model of {@code
 * query-rows} calls of the measured tenant (bench/README.md "Query"). The database is seeded
 * directly ({@link QuerySeed}) unless an earlier run left it seeded; GET answers from the call's
 * entity, so the seed also gives every SUCCEEDED call of the tenant a journal, copied from one real
 * call submitted here first. Then each kind of {@link QueryKinds} is warmed up and measured in
 * turn.
 */
final class Query {
  private final BenchConfig cfg;
  private final BenchConfig.QueryConfig q;
  private final Api api;
  private final Results r;
  private final Set<String> known;

  Query(BenchConfig cfg, Api api, Results r, Set<String> known) {
    this.cfg = cfg;
    this.q = cfg.query();
    this.api = api;
    this.r = r;
    this.known = known;
  }

  void run() throws Exception {
    QueryKinds.Pools pools;
    try (Connection db = DriverManager.getConnection(q.dbUrl(), q.dbUser(), "")) {
      QuerySeed.Seeded seeded = QuerySeed.existing(db).orElse(null);
      if (seeded == null) {
        seeded = QuerySeed.seed(db, cfg.tenant(), q.rows(), template());
      } else if (seeded.rows() != q.rows() || !seeded.tenant().equals(cfg.tenant())) {
        r.fail(
            "query: the database was seeded with "
                + seeded.rows()
                + " calls of "
                + seeded.tenant()
                + ", not "
                + q.rows()
                + " of "
                + cfg.tenant()
                + "; use a fresh database");
        return;
      } else {
        Bench.log("query: reusing the seeded database (" + seeded.total() + " calls)");
      }
      report(seeded);
      if (!pendingStillAhead(db)) {
        return;
      }
      pools = QueryPools.load(db, api, cfg, r);
    }
    List<QueryKinds.Kind> kinds = QueryKinds.all(pools);
    var names = kinds.stream().map(QueryKinds.Kind::name).toList();
    if (!names.containsAll(q.kinds())) {
      r.fail("query: query-kinds must be among " + String.join(",", names));
      return;
    }
    if (!q.kinds().isEmpty()) {
      kinds = kinds.stream().filter(k -> q.kinds().contains(k.name())).toList();
    }
    Duration phase = Duration.ofSeconds(q.phaseS());
    if (q.warmup() > 0) {
      Bench.log("query: warm-up, " + q.warmup() + " requests of each kind");
      for (QueryKinds.Kind k : kinds) {
        QueryLoad.run(api, warmupOf(k, pools), k.ok(), q.warmup(), q.concurrency(), phase);
      }
    }
    // Hot calls are in memory from now on (idle entities passivate after 60 s, so again here).
    touch(pools.hot());
    List<String> over = new ArrayList<>();
    for (QueryKinds.Kind k : kinds) {
      var o = QueryLoad.run(api, k.next(), k.ok(), q.requests(), q.concurrency(), phase);
      String p = "query." + k.name();
      r.put(p + "_request", k.request());
      r.put(p + "_requests", o.requests());
      r.put(p + "_errors", o.errors());
      r.put(p + "_per_s", Results.rate(o.requests(), o.nanos()));
      r.putPercentiles(p, o.latency(), 50, 90, 99);
      r.put(p + "_p99_target_ms", (int) k.targetMs());
      double p99 = o.latency().getValueAtPercentile(99) / 1000.0;
      if (o.requests() == 0 || p99 > k.targetMs()) {
        over.add(k.name());
      }
      Bench.log(
          String.format(
              Locale.ROOT,
              "query: %-20s %6d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d errors",
              k.name(),
              o.requests(),
              o.latency().getValueAtPercentile(50) / 1000.0,
              p99,
              o.latency().getMaxValue() / 1000.0,
              o.errors()));
      if (o.errors() > 0) {
        r.fail(
            "query: " + o.errors() + " " + k.name() + " requests failed, first: " + o.firstError());
      }
    }
    r.put("query.p99_over_target", over.isEmpty() ? "none" : String.join(",", over));
  }

  /** Warm-up requests of a kind; cold GETs warm up on calls of their own, kept out of the pool. */
  private static Supplier<String> warmupOf(QueryKinds.Kind k, QueryKinds.Pools p) {
    if (!k.name().equals("get_cold")) {
      return k.next();
    }
    List<String> ids = p.coldWarmup();
    return () -> "/" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
  }

  private void touch(List<String> ids) throws InterruptedException {
    AtomicInteger i = new AtomicInteger();
    Supplier<String> next = () -> "/" + ids.get(i.getAndIncrement() % ids.size());
    QueryLoad.run(api, next, b -> true, ids.size(), q.concurrency(), Duration.ofSeconds(30));
  }

  /**
   * Submits the call whose journal every seeded SUCCEEDED call gets a copy of, and waits until it
   * has SUCCEEDED (delivered to the sink, recorded in the journal).
   */
  private String template() throws Exception {
    var s = api.submit(0, api.body("query", 0, Instant.now()), System.nanoTime()).get();
    if (!s.ok()) {
      throw new IllegalStateException(
          "query: the template call was refused: " + s.status() + " " + s.error());
    }
    known.add(s.id());
    long deadline = System.nanoTime() + Duration.ofSeconds(cfg.timeoutS()).toNanos();
    while (System.nanoTime() - deadline < 0) {
      var resp = api.getCalls("/" + s.id());
      if (resp.statusCode() == 200 && resp.body().contains("\"status\":\"SUCCEEDED\"")) {
        Bench.log("query: template call " + s.id() + " SUCCEEDED");
        return s.id();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("query: the template call did not succeed in time");
  }

  private void report(QuerySeed.Seeded s) {
    r.put("query.seed", s.fresh() ? "fresh" : "reused");
    r.put("query.seed_s", String.format(Locale.ROOT, "%.0f", s.seconds()));
    r.put("query.rows_measured_tenant", s.rows());
    r.put("query.rows_total", s.total());
    r.put("query.journal_calls", s.journalCalls());
    r.put("query.concurrency", q.concurrency());
    r.put("query.requests_per_kind", q.requests());
    r.put("query.warmup_per_kind", q.warmup());
  }

  /**
   * Seeded pending calls are due (and running ones time out) a day or more after the seed; past
   * that the due scanner would wake calls that have no journal, and the measurement would be off.
   */
  private boolean pendingStillAhead(Connection db) throws SQLException {
    try (var st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT min(next_due_at) > now() + interval '2 hours' FROM service_calls"
                    + " WHERE status IN ('SCHEDULED', 'RUNNING') AND next_due_at IS NOT NULL")) {
      rs.next();
      if (rs.getBoolean(1) || rs.wasNull()) {
        return true;
      }
    }
    r.fail("query: seeded pending calls fall due within 2 hours; seed a fresh database");
    return false;
  }
}
