package dev.orchestrator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.storage.DatabaseKind;
import dev.orchestrator.storage.SchemaMigrator;
import dev.orchestrator.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The hold scenario's seed at a small size on a real PostgreSQL: every table a held call has rows
 * in gets a copy per seeded call, with its own id, due time and name (also inside the journal
 * payload), the projection tag its entity computes, contiguous event-stream offsets, and the
 * projection offsets moved past the copies.
 */
class HoldSeedTest {
  private static final String TEMPLATE = "01a232a9-fc93-7a2f-a998-87aa95d0ca83";
  private static final Instant BASE = Instant.parse("2030-01-01T10:00:00Z");

  @Test
  void seed_smallDatabase_copiesEveryRowOfTheTemplate() throws Exception {
    PostgresTestDatabase.assumeAvailable();
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      var ds = db.dataSource();
      SchemaMigrator.migrate(ds, DatabaseKind.POSTGRES);
      try (Connection c = ds.getConnection()) {
        insertTemplate(c);
        var t =
            new HoldSeed.Template("bench", TEMPLATE, HoldSeed.dueOf(BASE, 0), HoldSeed.nameOf(0));

        var seeded = HoldSeed.seed(c, t, BASE, 1, 2_001, 4);

        assertEquals(2_000, seeded.calls());
        assertEquals(4, HoldSeed.tagCount(c, "bench"), "every copy carries its entity's tag");
        assertEquals(2_001L, one(c, "SELECT count(*) FROM event_journal"));
        assertEquals(2_001L, one(c, "SELECT count(*) FROM event_tag"));
        assertEquals(
            2_001L,
            one(
                c,
                "SELECT count(DISTINCT next_due_at) FROM service_calls WHERE status = 'SCHEDULED'"));
        assertEquals(2_001L, one(c, "SELECT count(DISTINCT name) FROM service_calls"));
        assertEquals(2_001L, one(c, "SELECT count(*) FROM service_call_tags"));
        assertEquals(2_001L, one(c, "SELECT count(DISTINCT event_offset) FROM tenant_events"));
        assertEquals(2_001L, one(c, "SELECT max(event_offset) FROM tenant_events"));
        assertEquals(2_001L, one(c, "SELECT last_offset FROM event_stream_head"));
        assertEquals(
            0L,
            one(
                c,
                "SELECT count(*) FROM pekko_projection_offset_store o WHERE CAST(current_offset AS"
                    + " BIGINT) <> (SELECT max(event_id) FROM event_tag t WHERE t.tag ="
                    + " o.projection_key)"));
        assertEquals(4L, one(c, "SELECT count(*) FROM pekko_projection_offset_store"));
        assertEquals(
            0L, one(c, "SELECT count(*) FROM pg_tables WHERE tablename = 'bench_hold_ids'"));
        assertEquals(20, seeded.checks().size());
        for (HoldSeed.Check check : seeded.checks()) {
          assertCopy(c, check);
        }
      }
    }
  }

  /** The copy's journal payload, read-model row and stream entry all carry its id and due time. */
  private static void assertCopy(Connection c, HoldSeed.Check check) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT j.event_payload, s.name, s.due_at, e.data_json FROM event_journal j"
                + " JOIN service_calls s ON j.persistence_id = 'ServiceCall|bench:' || s.service_call_id"
                + " JOIN tenant_events e ON e.service_call_id = s.service_call_id"
                + " WHERE s.service_call_id = ?")) {
      ps.setString(1, check.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), check.id());
        String payload = new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
        assertTrue(payload.contains("x$" + check.id()), payload);
        assertTrue(payload.contains(check.dueAt() + "|" + check.dueAt()), payload);
        assertTrue(payload.contains(" c" + cbor(check.dueAt()) + "}"), payload);
        assertTrue(payload.contains("n" + rs.getString(2)), payload);
        assertFalse(payload.contains(TEMPLATE), payload);
        assertEquals(check.dueAt(), rs.getTimestamp(3).toInstant());
        assertTrue(rs.getString(4).contains(check.dueAt().toString()), rs.getString(4));
      }
    }
    String tag = ServiceCallEntity.tagFor(new ServiceCallId(new TenantId("bench"), check.id()), 4);
    assertEquals(
        tag,
        string(
            c,
            "SELECT t.tag FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id"
                + " WHERE j.persistence_id = 'ServiceCall|bench:"
                + check.id()
                + "'"));
  }

  // The CBOR bytes of an instant, as Latin-1 text so that they survive the String round trip.
  private static String cbor(Instant instant) {
    return new String(
        HexFormat.of().parseHex(HoldSeed.cborHex(instant)), StandardCharsets.ISO_8859_1);
  }

  /** One held call as the node writes it, with a payload that carries id, due time and name. */
  private static void insertTemplate(Connection c) throws Exception {
    Instant due = HoldSeed.dueOf(BASE, 0);
    String name = HoldSeed.nameOf(0);
    String tag = ServiceCallEntity.tagFor(new ServiceCallId(new TenantId("bench"), TEMPLATE), 4);
    // The due time in both encodings: the CBOR number the node writes, and older journals' text.
    byte[] payload =
        ("{callIdx$" + TEMPLATE + " n" + name + " " + due + "|" + due + " c" + cbor(due) + "}")
            .getBytes(StandardCharsets.ISO_8859_1);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO event_journal (persistence_id, sequence_number, writer, write_timestamp,"
                + " event_ser_id, event_ser_manifest, event_payload) VALUES (?, 1, 'w', 1, 33,"
                + " 'E', ?)")) {
      ps.setString(1, "ServiceCall|bench:" + TEMPLATE);
      ps.setBytes(2, payload);
      ps.executeUpdate();
    }
    exec(c, "INSERT INTO event_tag SELECT ordering, '" + tag + "' FROM event_journal");
    exec(
        c,
        "INSERT INTO service_calls (tenant_id, service_call_id, name, status, method, url,"
            + " request_json, due_at, created_at, attempts, next_due_at, tags_json, last_seq_nr,"
            + " updated_at) VALUES ('bench', '"
            + TEMPLATE
            + "', '"
            + name
            + "', 'SCHEDULED', 'POST', 'http://127.0.0.1:1/sink/hold', '{\"X-Due-At\":\""
            + due
            + "\"}', '"
            + due
            + "', now(), 0, '"
            + due
            + "', '[\"hold\"]', 1, now())");
    exec(c, "INSERT INTO service_call_tags VALUES ('bench', '" + TEMPLATE + "', 'hold', now())");
    exec(c, "UPDATE event_stream_head SET last_offset = 1");
    exec(
        c,
        "INSERT INTO tenant_events VALUES (1, 'bench', '"
            + TEMPLATE
            + "', 1, 'ServiceCallScheduled', now(), now(), '{\"name\":\""
            + name
            + "\",\"dueAt\":\""
            + due
            + "\"}')");
    for (int i = 0; i < 4; i++) {
      String offset = ("service-call-" + i).equals(tag) ? "1" : "0";
      exec(
          c,
          "INSERT INTO pekko_projection_offset_store VALUES ('service-calls', 'service-call-"
              + i
              + "', '"
              + offset
              + "', 'SEQ', false, 0)");
    }
  }

  private static void exec(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static long one(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String string(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
