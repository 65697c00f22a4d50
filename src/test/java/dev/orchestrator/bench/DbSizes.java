package dev.orchestrator.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The size of the node's PostgreSQL database and of each of its tables (heap, TOAST and indexes
 * together, and the indexes alone), in bytes.
 */
record DbSizes(long database, Map<String, Long> tableTotal, Map<String, Long> tableIndexes) {

  static DbSizes measure(Connection c) throws SQLException {
    Map<String, Long> total = new TreeMap<>();
    Map<String, Long> indexes = new TreeMap<>();
    long database;
    try (Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
        rs.next();
        database = rs.getLong(1);
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT c.relname, pg_total_relation_size(c.oid), pg_indexes_size(c.oid)"
                  + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname = current_schema() AND c.relkind = 'r'")) {
        while (rs.next()) {
          total.put(rs.getString(1), rs.getLong(2));
          indexes.put(rs.getString(1), rs.getLong(3));
        }
      }
    }
    return new DbSizes(database, total, indexes);
  }

  /** Growth of each table from {@code before} to this, tables that grew only. */
  Map<String, Long> growth(DbSizes before) {
    Map<String, Long> out = new TreeMap<>();
    tableTotal.forEach(
        (t, size) -> {
          long d = size - before.tableTotal().getOrDefault(t, 0L);
          if (d > 0) {
            out.put(t, d);
          }
        });
    return out;
  }

  long indexGrowth(DbSizes before) {
    long d = 0;
    for (var e : tableIndexes.entrySet()) {
      d += e.getValue() - before.tableIndexes().getOrDefault(e.getKey(), 0L);
    }
    return d;
  }
}
