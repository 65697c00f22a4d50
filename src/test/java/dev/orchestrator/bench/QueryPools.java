package dev.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What the query scenario's requests draw from ({@link QueryKinds.Pools}): SUCCEEDED calls of the
 * measured tenant sampled from the database, cursors at random depths from the API, the seeded time
 * span.
 */
final class QueryPools {
  static final int HOT_CALLS = 100;

  private QueryPools() {}

  static QueryKinds.Pools load(Connection db, Api api, BenchConfig cfg, Results r)
      throws Exception {
    BenchConfig.QueryConfig q = cfg.query();
    ObjectMapper json = new ObjectMapper();
    Instant oldest;
    Instant newest;
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT min(created_at), max(created_at) FROM service_calls WHERE tenant_id = ?")) {
      ps.setString(1, cfg.tenant());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        oldest = rs.getObject(1, OffsetDateTime.class).toInstant();
        newest = rs.getObject(2, OffsetDateTime.class).toInstant();
      }
    }
    // Distinct calls for the hot pool, the cold GETs' warm-up and the measured cold GETs (which
    // repeat, and are then no longer cold, only when the tenant has too few SUCCEEDED calls).
    int warm = Math.max(1, q.warmup());
    List<String> ids = sampleSucceeded(db, cfg.tenant(), HOT_CALLS + warm + q.requests());
    List<String> hot = List.copyOf(ids.subList(0, HOT_CALLS));
    warm = Math.min(warm, (ids.size() - HOT_CALLS) / 2);
    List<String> coldWarmup = List.copyOf(ids.subList(HOT_CALLS, HOT_CALLS + warm));
    List<String> cold = List.copyOf(ids.subList(HOT_CALLS + warm, ids.size()));
    Map<String, List<String>> cursors = new ConcurrentHashMap<>();
    int perKind = Math.min(q.requests(), 500);
    for (var deep : QueryKinds.DEEP.entrySet()) {
      List<String> found = Collections.synchronizedList(new ArrayList<>());
      Predicate<String> collect =
          body -> {
            try {
              JsonNode next = json.readTree(body).path("nextCursor");
              if (next.isTextual()) {
                found.add(next.asText());
              }
              return true;
            } catch (Exception e) {
              return false;
            }
          };
      QueryLoad.run(
          api,
          () -> QueryKinds.cursorProbe(deep.getValue(), oldest, newest),
          collect,
          perKind,
          q.concurrency(),
          Duration.ofSeconds(120));
      if (found.isEmpty()) {
        throw new IllegalStateException("query: no cursor found for " + deep.getKey());
      }
      cursors.put(deep.getKey(), List.copyOf(found));
    }
    Bench.log("query: " + ids.size() + " call ids and " + perKind + " cursors per deep kind");
    r.put("query.get_cold_distinct_calls", Math.min(cold.size(), q.requests()));
    return new QueryKinds.Pools(hot, coldWarmup, cold, cursors, oldest, newest, Instant.now());
  }

  /** {@code n} distinct SUCCEEDED calls of the tenant at random (fewer if it has fewer). */
  private static List<String> sampleSucceeded(Connection db, String tenant, int n)
      throws SQLException {
    long count;
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT count(*) FROM service_calls WHERE tenant_id = ? AND status = 'SUCCEEDED'")) {
      ps.setString(1, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        count = rs.getLong(1);
      }
    }
    double percent = Math.min(100.0, 100.0 * 2 * n / Math.max(1, count));
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT service_call_id FROM service_calls TABLESAMPLE BERNOULLI (?)"
                + " WHERE tenant_id = ? AND status = 'SUCCEEDED'")) {
      ps.setDouble(1, percent);
      ps.setString(2, tenant);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    if (ids.size() < HOT_CALLS + 2) {
      throw new IllegalStateException("query: too few SUCCEEDED calls to sample: " + ids.size());
    }
    Collections.shuffle(ids);
    return ids.subList(0, Math.min(n, ids.size()));
  }
}
