package dev.orchestrator.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Seeds the query scenario's PostgreSQL database directly with set-based SQL ({@link
 * QuerySeedSql}): submitting 1,000,000 calls through the API would take hours on the reference
 * host. Steps: the secondary indexes of service_calls and service_call_tags are dropped (building
 * them afterwards is several times faster than maintaining them row by row) and recreated from
 * their own definitions after the rows are in, so whatever migrations define is what gets measured;
 * then the journal copies of the template call, VACUUM ANALYZE (as autovacuum would have, long
 * before a table reached this size) and a CHECKPOINT, so that the seed's dirty pages are not
 * written out while the queries are measured. A marker row records what was seeded.
 */
final class QuerySeed {
  /** What the database holds; {@code fresh} when this run seeded it. */
  record Seeded(
      String tenant,
      int rows,
      long total,
      long journalCalls,
      String templateId,
      double seconds,
      boolean fresh) {}

  private QuerySeed() {}

  /** The marker of an earlier seed, if this database has one. */
  static Optional<Seeded> existing(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT to_regclass('bench_query_seed') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return Optional.empty();
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT tenant_id, rows_measured, rows_total, journal_calls, template_call_id,"
                    + " seed_s FROM bench_query_seed")) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new Seeded(
              rs.getString(1),
              rs.getInt(2),
              rs.getLong(3),
              rs.getLong(4),
              rs.getString(5),
              rs.getDouble(6),
              false));
    }
  }

  /**
   * Seeds {@code rows} calls of {@code tenant} plus 35 % more of three other tenants, and the
   * journal of the tenant's SUCCEEDED calls copied from {@code templateId} (a call of {@code
   * tenant} in the journal, 36 characters like every seeded id).
   */
  static Seeded seed(Connection c, String tenant, int rows, String templateId) throws SQLException {
    if (templateId.length() != 36) {
      throw new IllegalArgumentException("template id must be a 36-character UUID");
    }
    long t0 = System.nanoTime();
    long total = (long) rows / 20 * 27;
    c.setAutoCommit(true);
    String prefix = "ServiceCall|" + tenant + ":";
    int events = templateEvents(c, prefix + templateId);
    if (events == 0) {
      throw new IllegalStateException("the template call " + templateId + " has no journal");
    }
    exec(c, "SET work_mem = '256MB'");
    exec(c, "SET maintenance_work_mem = '512MB'");
    List<String> indexes = secondaryIndexes(c);
    step("dropping " + indexes.size() + " secondary indexes of service_calls and its tags", t0);
    for (String def : indexes) {
      exec(c, "DROP INDEX " + def.replaceFirst("(?s)^CREATE (UNIQUE )?INDEX (\\S+) .*$", "$2"));
    }
    step("inserting " + total + " calls (" + rows + " of tenant " + tenant + ")", t0);
    try (PreparedStatement ps =
        c.prepareStatement(QuerySeedSql.CALLS.replace(":total", Long.toString(total)))) {
      ps.setString(1, tenant);
      ps.executeUpdate();
    }
    step("inserting their tags", t0);
    exec(c, QuerySeedSql.TAGS);
    step("recreating the indexes", t0);
    for (String def : indexes) {
      exec(c, def);
    }
    step("copying the template call's journal to every SUCCEEDED call of " + tenant, t0);
    long journalCalls;
    try (PreparedStatement ps = c.prepareStatement(QuerySeedSql.JOURNAL)) {
      ps.setString(1, prefix);
      ps.setString(2, templateId);
      ps.setString(3, prefix + templateId);
      ps.setString(4, tenant);
      ps.setString(5, templateId);
      journalCalls = ps.executeUpdate() / events;
    }
    step("VACUUM ANALYZE and CHECKPOINT", t0);
    exec(c, "VACUUM ANALYZE service_calls");
    exec(c, "VACUUM ANALYZE service_call_tags");
    exec(c, "VACUUM ANALYZE event_journal");
    exec(c, "CHECKPOINT");
    double seconds = (System.nanoTime() - t0) / 1e9;
    exec(c, QuerySeedSql.MARKER);
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO bench_query_seed VALUES (?, ?, ?, ?, ?, now(), ?)")) {
      ps.setString(1, tenant);
      ps.setInt(2, rows);
      ps.setLong(3, total);
      ps.setLong(4, journalCalls);
      ps.setString(5, templateId);
      ps.setDouble(6, seconds);
      ps.executeUpdate();
    }
    step("seeded", t0);
    return new Seeded(tenant, rows, total, journalCalls, templateId, seconds, true);
  }

  /** CREATE INDEX statements of the indexes that back no constraint (the primary keys stay). */
  private static List<String> secondaryIndexes(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema()"
                    + " AND i.tablename IN ('service_calls', 'service_call_tags')"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
                    + " WHERE k.conname = i.indexname) ORDER BY i.indexname")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static int templateEvents(Connection c, String persistenceId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT count(*) FROM event_journal WHERE persistence_id = ?")) {
      ps.setString(1, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static void step(String what, long t0) {
    Bench.log(String.format(Locale.ROOT, "seed %6.1fs: %s", (System.nanoTime() - t0) / 1e9, what));
  }
}
