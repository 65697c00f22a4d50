package dev.orchestrator.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Where an entity's latest event sits in the journal: its {@code ordering}, the unit of the
 * projection offsets ({@link ProjectionLag.Progress#offset()}), so a client can wait for the read
 * model to pass its own write. One lookup on the journal's primary key (persistence_id,
 * sequence_number); an entity has a handful of events.
 */
public final class JournalPosition {
  private static final String LATEST =
      "SELECT MAX(\"ordering\") FROM \"event_journal\" WHERE \"persistence_id\" = ?";

  private final DataSource dataSource;

  public JournalPosition(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The ordering of the newest event of {@code persistenceId}; empty when it has none. */
  public OptionalLong latest(String persistenceId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(LATEST)) {
      ps.setString(1, persistenceId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long ordering = rs.getLong(1);
          if (!rs.wasNull()) {
            return OptionalLong.of(ordering);
          }
        }
        return OptionalLong.empty();
      }
    }
  }
}
