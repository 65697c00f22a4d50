package dev.orchestrator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.storage.DatabaseKind;
import dev.orchestrator.storage.SchemaMigrator;
import dev.orchestrator.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The query scenario's seed at a small size on a real PostgreSQL: the tenants' counts, ids shaped
 * like the API's, tags as the projection stores them, pending calls out of the scanner's reach, the
 * indexes as the migrations define them, and journal copies that carry their own call's id.
 * (bench/run.sh compiles the benchmark without *Test files; this one needs the main classes.)
 */
class QuerySeedTest {
  private static final String TEMPLATE = "01a232a9-fc93-7a2f-a998-87aa95d0ca83";

  @Test
  void seed_smallDatabase_realisticShapesAndJournalCopies() throws Exception {
    PostgresTestDatabase.assumeAvailable();
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      var ds = db.dataSource();
      SchemaMigrator.migrate(ds, DatabaseKind.POSTGRES);
      try (Connection c = ds.getConnection()) {
        insertTemplateJournal(c);
        List<String> indexesBefore = strings(c, "SELECT indexdef FROM pg_indexes ORDER BY 1");

        var seeded = QuerySeed.seed(c, "bench", 2_000, TEMPLATE);

        assertEquals(2_700, seeded.total());
        assertEquals(
            Map.of("acme", 400L, "bench", 2_000L, "globex", 200L, "initech", 100L),
            counts(c, "SELECT tenant_id, count(*) FROM service_calls GROUP BY 1"));
        Map<String, Long> statuses =
            counts(
                c,
                "SELECT status, count(*) FROM service_calls WHERE tenant_id = 'bench' GROUP BY 1");
        long succeeded = statuses.get("SUCCEEDED");
        assertTrue(succeeded > 1_600 && succeeded < 1_800, "about 85 % SUCCEEDED: " + statuses);
        assertTrue(statuses.get("FAILED") > 0 && statuses.get("SCHEDULED") > 0, "" + statuses);
        assertEquals(
            0L,
            one(
                c,
                "SELECT count(*) FROM service_calls WHERE service_call_id !~"
                    + " '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'"),
            "ids are UUIDv7");
        assertEquals(
            one(c, "SELECT sum(json_array_length(tags_json::json)) FROM service_calls"),
            one(
                c,
                "SELECT count(*) FROM service_call_tags t JOIN service_calls c USING"
                    + " (tenant_id, service_call_id) WHERE t.created_at = c.created_at"),
            "one tag row per tag, with its call's created_at");
        assertEquals(
            0L,
            one(
                c,
                "SELECT count(*) FROM service_calls WHERE next_due_at < now() + interval '23 hours'"),
            "nothing the due scanner would wake soon");
        assertEquals(indexesBefore, strings(c, "SELECT indexdef FROM pg_indexes ORDER BY 1"));

        assertEquals(succeeded, seeded.journalCalls());
        assertEquals(
            3 * (succeeded + 1), one(c, "SELECT count(*) FROM event_journal"), "3 events each");
        assertEquals(0L, one(c, "SELECT count(*) FROM event_tag"), "nothing to re-project");
        try (Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT persistence_id, event_payload FROM event_journal"
                        + " WHERE persistence_id <> 'ServiceCall|bench:"
                        + TEMPLATE
                        + "' LIMIT 30")) {
          while (rs.next()) {
            String id = rs.getString(1).substring("ServiceCall|bench:".length());
            String payload = new String(rs.getBytes(2), StandardCharsets.UTF_8);
            assertTrue(payload.contains("x$" + id), payload);
            assertFalse(payload.contains(TEMPLATE), payload);
          }
        }
        var again = QuerySeed.existing(c).orElseThrow();
        assertEquals(2_000, again.rows());
        assertEquals(succeeded, again.journalCalls());
        assertFalse(again.fresh());
      }
    }
  }

  /** Three events whose payloads carry the id as CBOR text (0x78 0x24 = a 36-byte string). */
  private static void insertTemplateJournal(Connection c) throws Exception {
    String sql =
        "INSERT INTO event_journal (persistence_id, sequence_number, writer, write_timestamp,"
            + " event_ser_id, event_ser_manifest, event_payload) VALUES (?, ?, 'w', 1, 33, 'E', ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int seq = 1; seq <= 3; seq++) {
        ps.setString(1, "ServiceCall|bench:" + TEMPLATE);
        ps.setInt(2, seq);
        ps.setBytes(
            3, ("{fcallIdx$" + TEMPLATE + " seq " + seq + "}").getBytes(StandardCharsets.UTF_8));
        ps.executeUpdate();
      }
    }
  }

  private static Map<String, Long> counts(Connection c, String sql) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static long one(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> strings(Connection c, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
