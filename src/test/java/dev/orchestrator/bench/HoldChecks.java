package dev.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the hold scenario asks the read model and the API about its held calls. */
final class HoldChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String HELD =
      "FROM service_call_tags t JOIN service_calls c USING (tenant_id, service_call_id)"
          + " WHERE t.tenant_id = ? AND t.tag = ?";

  private HoldChecks() {}

  /** The read model has every call of the API sample and the projection is not behind. */
  static boolean projected(Connection db, String tenant, String tag, int apiCalls)
      throws SQLException {
    return HoldSeed.count(
                db,
                "SELECT count(*) FROM service_call_tags WHERE tenant_id = ? AND tag = ?",
                tenant,
                tag)
            == apiCalls
        && HoldSeed.count(db, HoldSeedSql.PROJECTION_BEHIND, HoldSeed.PROJECTION) == 0;
  }

  /** Held calls still SCHEDULED without an attempt. */
  static long scheduled(Connection db, String tenant, String tag) throws SQLException {
    return HoldSeed.count(
        db,
        "SELECT count(*) " + HELD + " AND c.status = 'SCHEDULED' AND c.attempts = 0",
        tenant,
        tag);
  }

  /** Held calls whose read-model row shows an attempt (at most 1,000 of them). */
  static Set<String> startedInReadModel(Connection db, String tenant, String tag)
      throws SQLException {
    Set<String> ids = new TreeSet<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT c.service_call_id "
                + HELD
                + " AND (c.status <> 'SCHEDULED' OR c.attempts > 0) LIMIT 1000")) {
      ps.setString(1, tenant);
      ps.setString(2, tag);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /**
   * GET of each call (its entity recovers it from the journal): it must be SCHEDULED and due when
   * expected. Returns how many were not; the first three are logged.
   */
  static int readBack(Api api, List<HoldSeed.Check> checks) throws Exception {
    int bad = 0;
    for (HoldSeed.Check c : checks) {
      var resp = api.getCalls("/" + c.id());
      String problem = null;
      if (resp.statusCode() != 200) {
        problem = "GET answered " + resp.statusCode();
      } else {
        JsonNode v = JSON.readTree(resp.body());
        String due = v.path("dueAt").asText();
        if (!"SCHEDULED".equals(v.path("status").asText()) || !sameInstant(c.dueAt(), due)) {
          problem = "status " + v.path("status").asText() + ", dueAt " + due;
        }
      }
      if (problem != null && ++bad <= 3) {
        Bench.log("hold: held call " + c.id() + " (due " + c.dueAt() + "): " + problem);
      }
    }
    return bad;
  }

  private static boolean sameInstant(Instant expected, String rendered) {
    try {
      return expected.equals(Instant.parse(rendered));
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }
}
