package dev.orchestrator.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Counts what a refused request must leave alone (RELIABILITY §5(c)): rows in the journal, rows in
 * the read model and requests the target received. Reads the node's own database over JDBC (an
 * in-JVM {@code jdbc:h2:mem:} node's database is reachable under the same URL).
 */
public final class StateProbe {
  /** One reading; {@code minus} takes out what the test created on purpose. */
  public record Counts(long journalRows, long readModelRows, int targetRequests) {
    public Counts minus(Counts other) {
      return new Counts(
          journalRows - other.journalRows,
          readModelRows - other.readModelRows,
          targetRequests - other.targetRequests);
    }
  }

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final TargetServer target;

  public StateProbe(String jdbcUrl, String user, String password, TargetServer target) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.target = target;
  }

  /**
   * The counts once the read model has caught up with the journal (one row per call), so that
   * projection lag of earlier requests cannot show up as a change.
   */
  public Counts settled(Duration max) {
    Await.until(max, "read model caught up with the journal", this::caughtUp);
    return counts();
  }

  public Counts counts() {
    return new Counts(
        count("SELECT COUNT(*) FROM \"event_journal\"", null),
        count("SELECT COUNT(*) FROM service_calls", null),
        target.received().size());
  }

  /** What one call the test made itself accounts for (it is never sent: due in the future). */
  public Counts of(String callId) {
    return new Counts(
        count(
            "SELECT COUNT(*) FROM \"event_journal\" WHERE \"persistence_id\" LIKE ?",
            "%:" + callId),
        count("SELECT COUNT(*) FROM service_calls WHERE service_call_id = ?", callId),
        0);
  }

  private boolean caughtUp() {
    return count("SELECT COUNT(DISTINCT \"persistence_id\") FROM \"event_journal\"", null)
        == count("SELECT COUNT(*) FROM service_calls", null);
  }

  private long count(String sql, String arg) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(sql + " failed", e);
    }
  }
}
