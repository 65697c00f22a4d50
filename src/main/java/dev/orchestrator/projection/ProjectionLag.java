package dev.orchestrator.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * How far the read model is behind the journal: the write time of the oldest journal event that a
 * tag's projection has not applied yet (its offset is the journal ordering of the last event it
 * applied). Empty when every tag is caught up, so an idle system shows no lag, and a stuck
 * projection shows a lag that grows by the second. One indexed lookup per tag (event_tag is indexed
 * on (tag, event_id)).
 */
public final class ProjectionLag {
  // Quoted lower-case names: how the H2 schema creates these tables, and equal to PostgreSQL's.
  private static final String OFFSET =
      "SELECT \"current_offset\" FROM \"pekko_projection_offset_store\""
          + " WHERE \"projection_name\" = ? AND \"projection_key\" = ?";
  private static final String FIRST_UNPROJECTED =
      "SELECT j.\"write_timestamp\" FROM \"event_tag\" t"
          + " JOIN \"event_journal\" j ON j.\"ordering\" = t.\"event_id\""
          + " WHERE t.\"tag\" = ? AND t.\"event_id\" > ? ORDER BY t.\"event_id\" LIMIT 1";

  private final DataSource dataSource;
  private final List<String> tags;

  public ProjectionLag(DataSource dataSource, int tagCount) {
    this.dataSource = dataSource;
    this.tags =
        java.util.stream.IntStream.range(0, tagCount).mapToObj(i -> "service-call-" + i).toList();
  }

  /** The journal write time of the oldest event not yet in the read model, if any. */
  public Optional<Instant> oldestUnprojected() throws SQLException {
    Long oldest = null;
    try (Connection c = dataSource.getConnection();
        PreparedStatement offsets = c.prepareStatement(OFFSET);
        PreparedStatement first = c.prepareStatement(FIRST_UNPROJECTED)) {
      for (String tag : tags) {
        offsets.setString(1, ServiceCallsProjection.NAME);
        offsets.setString(2, tag);
        long offset = 0;
        try (ResultSet rs = offsets.executeQuery()) {
          if (rs.next()) {
            offset = Long.parseLong(rs.getString(1));
          }
        }
        first.setString(1, tag);
        first.setLong(2, offset);
        try (ResultSet rs = first.executeQuery()) {
          if (rs.next()) {
            long written = rs.getLong(1);
            oldest = oldest == null ? written : Math.min(oldest, written);
          }
        }
      }
    }
    return Optional.ofNullable(oldest).map(Instant::ofEpochMilli);
  }
}
