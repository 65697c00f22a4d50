package dev.orchestrator.e2e;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the node stored, read back over plain JDBC: journal and snapshot payloads as raw bytes (the
 * CBOR the plugin wrote) and every column of the read model as text. Searching in Java keeps the
 * probe identical on H2 and PostgreSQL. The plugin's tables are quoted lower case on H2, which
 * PostgreSQL reads the same way.
 */
final class StoredBytes {
  private final String url;
  private final String user;
  private final String password;

  StoredBytes(String url, String user, String password) {
    this.url = url;
    this.user = user.isEmpty() ? "sa" : user;
    this.password = password;
  }

  /** Journal rows of the whole database whose payload holds {@code needle}. */
  int journalRowsContaining(String needle) {
    return payloadRowsContaining("SELECT \"event_payload\" FROM \"event_journal\"", needle);
  }

  /** Snapshot rows of the whole database whose payload holds {@code needle}. */
  int snapshotRowsContaining(String needle) {
    return payloadRowsContaining("SELECT \"snapshot_payload\" FROM \"snapshot\"", needle);
  }

  int snapshotsOf(String persistenceId) {
    try (Connection c = connect();
        var ps =
            c.prepareStatement("SELECT COUNT(*) FROM \"snapshot\" WHERE \"persistence_id\" = ?")) {
      ps.setString(1, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new AssertionError("snapshot count failed", e);
    }
  }

  /** Read-model rows (calls and their tags) with any column holding {@code needle}. */
  int readModelRowsContaining(String needle) {
    return textRowsContaining("SELECT * FROM service_calls", needle)
        + textRowsContaining("SELECT * FROM service_call_tags", needle);
  }

  private int payloadRowsContaining(String sql, String needle) {
    byte[] wanted = needle.getBytes(StandardCharsets.UTF_8);
    int found = 0;
    for (byte[] payload : column(sql)) {
      if (indexOf(payload, wanted) >= 0) {
        found++;
      }
    }
    return found;
  }

  private int textRowsContaining(String sql, String needle) {
    int found = 0;
    try (Connection c = connect();
        var s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(rs.getString(i)).append('\u0000');
        }
        if (row.indexOf(needle) >= 0) {
          found++;
        }
      }
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed", e);
    }
    return found;
  }

  private List<byte[]> column(String sql) {
    List<byte[]> out = new ArrayList<>();
    try (Connection c = connect();
        var s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getBytes(1));
      }
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed", e);
    }
    return out;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
