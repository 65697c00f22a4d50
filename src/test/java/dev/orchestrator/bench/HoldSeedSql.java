package dev.orchestrator.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SQL of {@link HoldSeed}: copies of one held call's rows (the template, submitted through the
 * API) for every id in {@code bench_hold_ids}, with the template's id, due time and name replaced
 * by the copy's. Column lists come from the database, so columns a later migration adds are copied
 * from the template as they are. Every statement binds the same parameters, in this order: template
 * id, template due time (as the API renders it), template name, tenant, persistence-id prefix,
 * first event_stream offset, first k of the chunk, k after the chunk, template due time as the
 * journal encodes it (hex of its CBOR number, {@link HoldSeed#cborHex}).
 */
final class HoldSeedSql {
  private HoldSeedSql() {}

  private static final String PARAMS =
      "WITH p AS (SELECT CAST(? AS VARCHAR) AS tid, CAST(? AS VARCHAR) AS tdue,"
          + " CAST(? AS VARCHAR) AS tname, CAST(? AS VARCHAR) AS tenant,"
          + " CAST(? AS VARCHAR) AS prefix, CAST(? AS BIGINT) AS head,"
          + " CAST(? AS INT) AS kfrom, CAST(? AS INT) AS kto, CAST(? AS VARCHAR) AS tdue_cbor) ";

  static final String IDS =
      "CREATE UNLOGGED TABLE bench_hold_ids (k INT PRIMARY KEY, id VARCHAR(36) NOT NULL,"
          + " tag VARCHAR(64) NOT NULL, due VARCHAR(40) NOT NULL, name VARCHAR(200) NOT NULL,"
          + " due_cbor VARCHAR(80) NOT NULL)";

  static final String COPY_IDS = "COPY bench_hold_ids (k, id, tag, due, name, due_cbor) FROM STDIN";

  /** The journal rows, in k order so that their {@code ordering} follows the ids' time order. */
  static String journal(Connection c) throws SQLException {
    return copy(
        c,
        "event_journal",
        Map.of(
            "ordering", "",
            "persistence_id", "p.prefix || i.id",
            "event_payload", "decode(" + hexReplace("encode(t.event_payload, 'hex')") + ", 'hex')"),
        "x.persistence_id = p.prefix || p.tid",
        "ORDER BY i.k, t.sequence_number");
  }

  /** Each copied event's projection tag, the one its entity would give it. */
  static final String EVENT_TAGS =
      PARAMS
          + "INSERT INTO event_tag (event_id, tag) SELECT j.ordering, i.tag"
          + " FROM p, bench_hold_ids i, event_journal j WHERE j.persistence_id = p.prefix || i.id"
          + " AND i.k >= p.kfrom AND i.k < p.kto";

  static String calls(Connection c) throws SQLException {
    return copy(
        c,
        "service_calls",
        Map.of(
            "service_call_id", "i.id",
            "name", "i.name",
            "due_at", "CAST(i.due AS TIMESTAMP WITH TIME ZONE)",
            "next_due_at", "CAST(i.due AS TIMESTAMP WITH TIME ZONE)",
            "request_json", "replace(t.request_json, p.tdue, i.due)"),
        "x.tenant_id = p.tenant AND x.service_call_id = p.tid",
        "");
  }

  static String callTags(Connection c) throws SQLException {
    return copy(
        c,
        "service_call_tags",
        Map.of("service_call_id", "i.id"),
        "x.tenant_id = p.tenant AND x.service_call_id = p.tid",
        "");
  }

  /** The tenant's event stream (one event per held call: its ServiceCallScheduled). */
  static String streamEvents(Connection c) throws SQLException {
    return copy(
        c,
        "tenant_events",
        Map.of(
            "event_offset", "p.head + i.k",
            "service_call_id", "i.id",
            "data_json",
                "replace(replace(replace(t.data_json, p.tid, i.id), p.tdue, i.due),"
                    + " p.tname, i.name)"),
        "x.tenant_id = p.tenant AND x.service_call_id = p.tid",
        "ORDER BY i.k");
  }

  /**
   * Moves each tag's projection offset past the copied events, as if the projection had applied
   * them (it did, in effect: the read model rows are there). Runs with the node stopped.
   */
  static final String OFFSETS =
      "UPDATE pekko_projection_offset_store o SET current_offset = CAST(m.last AS VARCHAR),"
          + " last_updated = ? FROM (SELECT tag, max(event_id) AS last FROM event_tag"
          + " GROUP BY tag) m WHERE o.projection_name = ? AND o.projection_key = m.tag"
          + " AND CAST(o.current_offset AS BIGINT) < m.last";

  /** The same for a tag whose projection has no offset yet (it would replay every copy). */
  static final String OFFSETS_MISSING =
      "INSERT INTO pekko_projection_offset_store (projection_name, projection_key, current_offset,"
          + " manifest, mergeable, last_updated) SELECT ?, m.tag, CAST(m.last AS VARCHAR), 'SEQ',"
          + " false, ? FROM (SELECT tag, max(event_id) AS last FROM event_tag GROUP BY tag) m"
          + " WHERE NOT EXISTS (SELECT 1 FROM pekko_projection_offset_store o"
          + " WHERE o.projection_name = ? AND o.projection_key = m.tag)";

  /** Tags whose projection has not applied every event of the tag (or has no offset at all). */
  static final String PROJECTION_BEHIND =
      "SELECT count(*) FROM (SELECT tag, max(event_id) AS last FROM event_tag GROUP BY tag) m"
          + " LEFT JOIN pekko_projection_offset_store o ON o.projection_name = ?"
          + " AND o.projection_key = m.tag"
          + " WHERE o.current_offset IS NULL OR CAST(o.current_offset AS BIGINT) < m.last";

  /**
   * {@code INSERT INTO table (columns) SELECT ...} with every column from the template row {@code
   * t} (picked by {@code template}, a condition on {@code x} and {@code p}), except those in {@code
   * overrides} (an empty expression leaves the column to its default).
   */
  private static String copy(
      Connection c, String table, Map<String, String> overrides, String template, String order)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String col : columns(c, table)) {
      String expr = overrides.getOrDefault(col, "t." + col);
      if (!expr.isEmpty()) {
        columns.add(col);
        values.add(expr);
      }
    }
    return PARAMS
        + "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") SELECT "
        + String.join(", ", values)
        + " FROM p, bench_hold_ids i, (SELECT x.* FROM "
        + table
        + " x, p WHERE "
        + template
        + ") t WHERE i.k >= p.kfrom AND i.k < p.kto "
        + order;
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                + " current_schema() AND table_name = ? ORDER BY ordinal_position")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    if (out.isEmpty()) {
      throw new SQLException("table " + table + " not found");
    }
    return out;
  }

  /**
   * Replaces the template's id, due time and name, hex-encoded, inside a hex-encoded payload. The
   * due time is replaced in both encodings: the CBOR number the node writes, and the ISO-8601 text
   * that journals written before numeric times hold.
   */
  private static String hexReplace(String hex) {
    String r = "replace(" + hex + ", p.tdue_cbor, i.due_cbor)";
    for (String[] pair :
        new String[][] {{"p.tid", "i.id"}, {"p.tdue", "i.due"}, {"p.tname", "i.name"}}) {
      r =
          "replace("
              + r
              + ", encode(convert_to("
              + pair[0]
              + ", 'UTF8'), 'hex'), encode(convert_to("
              + pair[1]
              + ", 'UTF8'), 'hex'))";
    }
    return r;
  }
}
