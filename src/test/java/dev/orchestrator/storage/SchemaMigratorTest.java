package dev.orchestrator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class SchemaMigratorTest {
  private static final int MIGRATIONS = 9;
  private static final String LATEST_VERSION = "9";

  /** Table -> columns. The first five are the libraries'; their names must be exactly these. */
  private static final Map<String, List<String>> TABLES =
      Map.ofEntries(
          Map.entry(
              "event_journal",
              List.of(
                  "ordering",
                  "deleted",
                  "persistence_id",
                  "sequence_number",
                  "writer",
                  "write_timestamp",
                  "adapter_manifest",
                  "event_payload",
                  "event_ser_id",
                  "event_ser_manifest",
                  "meta_payload",
                  "meta_ser_id",
                  "meta_ser_manifest")),
          Map.entry("event_tag", List.of("event_id", "tag")),
          Map.entry(
              "snapshot",
              List.of(
                  "persistence_id",
                  "sequence_number",
                  "created",
                  "snapshot_ser_id",
                  "snapshot_ser_manifest",
                  "snapshot_payload",
                  "meta_ser_id",
                  "meta_ser_manifest",
                  "meta_payload")),
          Map.entry(
              "pekko_projection_offset_store",
              List.of(
                  "projection_name",
                  "projection_key",
                  "current_offset",
                  "manifest",
                  "mergeable",
                  "last_updated")),
          Map.entry(
              "pekko_projection_management",
              List.of("projection_name", "projection_key", "paused", "last_updated")),
          Map.entry(
              "service_calls",
              List.of(
                  "tenant_id",
                  "service_call_id",
                  "name",
                  "status",
                  "method",
                  "url",
                  "request_json",
                  "due_at",
                  "created_at",
                  "started_at",
                  "finished_at",
                  "attempts",
                  "next_due_at",
                  "response_json",
                  "error_kind",
                  "error_message",
                  "tags_json",
                  "correlation_id",
                  "idempotency_key",
                  "last_seq_nr",
                  "updated_at")),
          Map.entry(
              "service_call_tags", List.of("tenant_id", "service_call_id", "tag", "created_at")),
          Map.entry(
              "tenant_events",
              List.of(
                  "event_offset",
                  "tenant_id",
                  "service_call_id",
                  "seq_nr",
                  "event_type",
                  "occurred_at",
                  "projected_at",
                  "data_json")),
          Map.entry("event_stream_head", List.of("id", "last_offset")),
          Map.entry("outlet_offsets", List.of("outlet_name", "last_offset", "updated_at")),
          Map.entry("node_heartbeats", List.of("node", "address", "renewed_at")),
          Map.entry(
              "event_subscriptions",
              List.of(
                  "tenant_id",
                  "url",
                  "event_types_json",
                  "headers_json",
                  "after_offset",
                  "created_at",
                  "updated_at")));

  private static final Set<String> LIBRARY_TABLES =
      Set.of(
          "event_journal",
          "event_tag",
          "snapshot",
          "pekko_projection_offset_store",
          "pekko_projection_management");

  @Test
  void migrate_freshH2_createsAllTables() throws SQLException {
    DataSource ds = h2();
    MigrateResult result = SchemaMigrator.migrate(ds, DatabaseKind.H2);
    assertTrue(result.success);
    assertEquals(MIGRATIONS, result.migrationsExecuted);
    assertTablesAndColumns(ds);
  }

  @Test
  void migrate_twiceOnH2_secondRunIsNoOp() {
    DataSource ds = h2();
    SchemaMigrator.migrate(ds, DatabaseKind.H2);
    MigrateResult again = SchemaMigrator.migrate(ds, DatabaseKind.H2);
    assertTrue(again.success);
    assertEquals(0, again.migrationsExecuted);
    assertEquals(LATEST_VERSION, again.initialSchemaVersion);
  }

  @Test
  void migrate_freshH2_tablesRoundTrip() throws SQLException {
    DataSource ds = h2();
    SchemaMigrator.migrate(ds, DatabaseKind.H2);
    assertRoundTrips(ds);
  }

  @Test
  void migrate_freshPostgres_createsAllTables() throws SQLException {
    PostgresTestDatabase.assumeAvailable();
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      DataSource ds = postgres(db);
      MigrateResult result = SchemaMigrator.migrate(ds, DatabaseKind.POSTGRES);
      assertTrue(result.success);
      assertEquals(MIGRATIONS, result.migrationsExecuted);
      assertTablesAndColumns(ds);
    }
  }

  @Test
  void migrate_twiceOnPostgres_secondRunIsNoOp() {
    PostgresTestDatabase.assumeAvailable();
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      DataSource ds = postgres(db);
      SchemaMigrator.migrate(ds, DatabaseKind.POSTGRES);
      MigrateResult again = SchemaMigrator.migrate(ds, DatabaseKind.POSTGRES);
      assertTrue(again.success);
      assertEquals(0, again.migrationsExecuted);
      assertEquals(LATEST_VERSION, again.initialSchemaVersion);
    }
  }

  @Test
  void migrate_freshPostgres_tablesRoundTrip() throws SQLException {
    PostgresTestDatabase.assumeAvailable();
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      DataSource ds = postgres(db);
      SchemaMigrator.migrate(ds, DatabaseKind.POSTGRES);
      assertRoundTrips(ds);
    }
  }

  @Test
  void migrate_freshPostgres_dueIndexIsPartialAndCovering() throws SQLException {
    PostgresTestDatabase.assumeAvailable();
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      DataSource ds = postgres(db);
      SchemaMigrator.migrate(ds, DatabaseKind.POSTGRES);
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT indexdef FROM pg_indexes WHERE indexname = 'service_calls_due_idx'")) {
        assertTrue(rs.next(), "service_calls_due_idx missing");
        assertTrue(rs.getString(1).contains("WHERE (next_due_at IS NOT NULL)"), rs.getString(1));
        // Covering: the pending-quota refresh and the scanner read no heap (V8).
        assertTrue(
            rs.getString(1).contains("INCLUDE (tenant_id, service_call_id)"), rs.getString(1));
      }
    }
  }

  private static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return ds;
  }

  private static DataSource postgres(PostgresTestDatabase db) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.jdbcUrl());
    ds.setUser(db.user());
    ds.setPassword(db.password());
    return ds;
  }

  /**
   * Every table exists with exactly the expected columns. The libraries' tables must have exactly
   * these lowercase names (the plugins quote them); ours may be folded to upper case (H2).
   */
  private static void assertTablesAndColumns(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      String schema = c.getSchema();
      for (Map.Entry<String, List<String>> table : TABLES.entrySet()) {
        String name = table.getKey();
        Set<String> columns = new TreeSet<>();
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = ? AND LOWER(table_name) = ?")) {
          ps.setString(1, schema);
          ps.setString(2, name);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              if (LIBRARY_TABLES.contains(name)) {
                assertEquals(name, rs.getString(1), "table name must be lowercase");
                assertEquals(
                    rs.getString(2).toLowerCase(Locale.ROOT),
                    rs.getString(2),
                    "column name must be lowercase");
              }
              columns.add(rs.getString(2).toLowerCase(Locale.ROOT));
            }
          }
        }
        assertEquals(new TreeSet<>(table.getValue()), columns, "columns of " + name);
      }
    }
  }

  /** Writes and reads a row in every table, the way the plugins and our read model do. */
  private static void assertRoundTrips(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      long ordering = journalRoundTrip(c);
      tagRoundTrip(c, ordering);
      snapshotRoundTrip(c);
      projectionRoundTrip(c);
      serviceCallRoundTrip(c);
      tagRowRoundTrip(c);
    }
  }

  private static long journalRoundTrip(Connection c) throws SQLException {
    String insert =
        "INSERT INTO \"event_journal\" (\"deleted\", \"persistence_id\", \"sequence_number\","
            + " \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\","
            + " \"event_ser_id\", \"event_ser_manifest\")"
            + " VALUES (false, ?, ?, 'w', 1, '', ?, 7, 'M')";
    long first = 0;
    for (long seqNr = 1; seqNr <= 2; seqNr++) {
      try (PreparedStatement ps = c.prepareStatement(insert, new String[] {"ordering"})) {
        ps.setString(1, "ServiceCall|demo|1");
        ps.setLong(2, seqNr);
        ps.setBytes(3, new byte[] {1, 2, (byte) seqNr});
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertTrue(keys.next());
          long ordering = keys.getLong(1);
          assertTrue(ordering > first, "ordering increases");
          first = first == 0 ? ordering : first;
        }
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"event_payload\", \"meta_payload\" FROM \"event_journal\""
                    + " WHERE \"persistence_id\" = 'ServiceCall|demo|1'"
                    + " ORDER BY \"sequence_number\"")) {
      assertTrue(rs.next());
      assertEquals(3, rs.getBytes(1).length);
      assertNull(rs.getBytes(2));
    }
    return first;
  }

  private static void tagRoundTrip(Connection c, long ordering) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO \"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)")) {
      ps.setLong(1, ordering);
      ps.setString(2, "service-call-0");
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT j.\"sequence_number\" FROM \"event_journal\" j JOIN \"event_tag\" t"
                + " ON j.\"ordering\" = t.\"event_id\" WHERE t.\"tag\" = ? AND j.\"ordering\" > ?"
                + " ORDER BY j.\"ordering\"")) {
      ps.setString(1, "service-call-0");
      ps.setLong(2, 0);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
        assertFalse(rs.next());
      }
    }
  }

  private static void snapshotRoundTrip(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO \"snapshot\" (\"persistence_id\", \"sequence_number\", \"created\","
                + " \"snapshot_ser_id\", \"snapshot_ser_manifest\", \"snapshot_payload\")"
                + " VALUES ('ServiceCall|demo|1', 2, 3, 7, 'S', ?)")) {
      ps.setBytes(1, new byte[] {9});
      ps.executeUpdate();
    }
    assertEquals(1, count(c, "SELECT COUNT(*) FROM \"snapshot\" WHERE \"sequence_number\" = 2"));
  }

  /** The statements pekko-projection-jdbc issues with use-lowercase-schema = true. */
  private static void projectionRoundTrip(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO \"pekko_projection_offset_store\" (\"projection_name\","
                + " \"projection_key\", \"current_offset\", \"manifest\", \"mergeable\","
                + " \"last_updated\") VALUES (?,?,?,?,?,?)")) {
      ps.setString(1, "service-calls");
      ps.setString(2, "service-call-0");
      ps.setString(3, "42");
      ps.setString(4, "SEQ");
      ps.setBoolean(5, false);
      ps.setLong(6, 1L);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE \"pekko_projection_offset_store\" SET \"current_offset\" = ?,"
                + " \"last_updated\" = ?"
                + " WHERE \"projection_name\" = ? AND \"projection_key\" = ?")) {
      ps.setString(1, "43");
      ps.setLong(2, 2L);
      ps.setString(3, "service-calls");
      ps.setString(4, "service-call-0");
      assertEquals(1, ps.executeUpdate());
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO \"pekko_projection_management\" (\"projection_name\","
                + " \"projection_key\", \"paused\", \"last_updated\") VALUES (?,?,?,?)")) {
      ps.setString(1, "service-calls");
      ps.setString(2, "service-call-0");
      ps.setBoolean(3, true);
      ps.setLong(4, 1L);
      ps.executeUpdate();
    }
    assertEquals(
        1,
        count(
            c,
            "SELECT COUNT(*) FROM \"pekko_projection_offset_store\" o"
                + " JOIN \"pekko_projection_management\" m"
                + " ON o.\"projection_name\" = m.\"projection_name\""
                + " WHERE o.\"current_offset\" = '43' AND m.\"paused\""));
  }

  private static void serviceCallRoundTrip(Connection c) throws SQLException {
    OffsetDateTime due = OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.ofHours(2));
    OffsetDateTime created = OffsetDateTime.of(2029, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);
    String big = "{\"body\":\"" + "x".repeat(300_000) + "\"}";
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO service_calls (tenant_id, service_call_id, name, status, method, url,"
                + " request_json, due_at, created_at, attempts, next_due_at, tags_json,"
                + " correlation_id, idempotency_key, last_seq_nr, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, "demo");
      ps.setString(2, "call-1");
      ps.setString(3, "nightly sync");
      ps.setString(4, "SCHEDULED");
      ps.setString(5, "POST");
      ps.setString(6, "https://example.com/hook");
      ps.setString(7, big);
      ps.setObject(8, due);
      ps.setObject(9, created);
      ps.setObject(10, due);
      ps.setString(11, "[\"a\",\"b\"]");
      ps.setString(12, null);
      ps.setString(13, "key-1");
      ps.setLong(14, 1L);
      ps.setObject(15, created);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE service_calls SET status = ?, next_due_at = ?, finished_at = ?,"
                + " response_json = ?, last_seq_nr = ? WHERE tenant_id = ? AND service_call_id = ?"
                + " AND last_seq_nr < ?")) {
      ps.setString(1, "SUCCEEDED");
      ps.setObject(2, null, Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setObject(3, created.plusMinutes(1), Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setString(4, "{\"statusCode\":200}");
      ps.setLong(5, 2L);
      ps.setString(6, "demo");
      ps.setString(7, "call-1");
      ps.setLong(8, 2L);
      assertEquals(1, ps.executeUpdate());
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT request_json, due_at, created_at, next_due_at, finished_at, response_json,"
                + " tags_json, status, attempts, correlation_id FROM service_calls"
                + " WHERE tenant_id = ? ORDER BY created_at DESC, service_call_id DESC")) {
      ps.setString(1, "demo");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(big, rs.getString("request_json"));
        assertEquals(due.toInstant(), rs.getObject("due_at", OffsetDateTime.class).toInstant());
        assertEquals(
            created.toInstant(), rs.getObject("created_at", OffsetDateTime.class).toInstant());
        assertNull(rs.getObject("next_due_at", OffsetDateTime.class));
        assertEquals(
            created.plusMinutes(1).toInstant(),
            rs.getObject("finished_at", OffsetDateTime.class).toInstant());
        assertEquals("{\"statusCode\":200}", rs.getString("response_json"));
        assertEquals("[\"a\",\"b\"]", rs.getString("tags_json"));
        assertEquals("SUCCEEDED", rs.getString("status"));
        assertEquals(0, rs.getInt("attempts"));
        assertNull(rs.getString("correlation_id"));
        assertFalse(rs.next());
      }
    }
  }

  private static void tagRowRoundTrip(Connection c) throws SQLException {
    OffsetDateTime created = OffsetDateTime.of(2029, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO service_call_tags (tenant_id, service_call_id, tag, created_at)"
                + " VALUES (?, ?, ?, ?)")) {
      ps.setString(1, "demo");
      ps.setString(2, "call-1");
      ps.setString(3, "a");
      ps.setObject(4, created);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.service_call_id, t.created_at FROM service_calls c"
                + " JOIN service_call_tags t ON t.tenant_id = c.tenant_id"
                + " AND t.service_call_id = c.service_call_id"
                + " WHERE c.tenant_id = ? AND t.tag = ?")) {
      ps.setString(1, "demo");
      ps.setString(2, "a");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("call-1", rs.getString(1));
        assertEquals(created.toInstant(), rs.getObject(2, OffsetDateTime.class).toInstant());
      }
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
