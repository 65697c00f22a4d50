package dev.orchestrator.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * How far the read model is behind the journal, measured from the projection's committed offsets
 * (one per tag: the journal {@code ordering} of the last event that tag's projection applied) and,
 * per tag, the first journal event after it. One query for the offsets, one indexed lookup per tag
 * ({@code event_tag} is indexed on (tag, event_id)) and, for a tag that is behind, one on the
 * journal's ordering index, all on one connection.
 */
public final class ProjectionLag {
  // Quoted lower-case names: how the H2 schema creates these tables, and equal to PostgreSQL's.
  private static final String OFFSETS =
      "SELECT \"projection_key\", \"current_offset\" FROM \"pekko_projection_offset_store\""
          + " WHERE \"projection_name\" = ?";
  // Two single-index lookups rather than one join: H2's planner may drive such a join from the
  // journal side and scan it whole (seconds on a 200k-event journal, measured).
  private static final String FIRST_UNPROJECTED =
      "SELECT \"event_id\" FROM \"event_tag\" WHERE \"tag\" = ? AND \"event_id\" > ?"
          + " ORDER BY \"event_id\" LIMIT 1";
  private static final String WRITTEN =
      "SELECT \"write_timestamp\" FROM \"event_journal\" WHERE \"ordering\" = ?";

  /**
   * What the read model holds. {@code offset}: every journal event with an {@code ordering} up to
   * it that was committed when this was measured is applied (0 before the first). {@code
   * oldestUnprojected}: the write time of the oldest journal event not applied yet, null when every
   * tag is caught up, so an idle system shows no lag and a stuck projection a growing one.
   */
  public record Progress(long offset, Instant oldestUnprojected) {
    /** True when the journal event at {@code ordering} (and every one before it) is applied. */
    public boolean passed(long ordering) {
      return ordering <= offset;
    }
  }

  private final DataSource dataSource;
  private final List<String> tags;

  public ProjectionLag(DataSource dataSource, int tagCount) {
    this.dataSource = dataSource;
    this.tags = IntStream.range(0, tagCount).mapToObj(i -> "service-call-" + i).toList();
  }

  /** The journal write time of the oldest event not yet in the read model, if any. */
  public Optional<Instant> oldestUnprojected() throws SQLException {
    return Optional.ofNullable(progress().oldestUnprojected());
  }

  /**
   * The read model's progress. The offset is the highest committed offset of any tag, lowered to
   * just below the first unapplied event of any tag that has one: a tag that is caught up holds no
   * committed event between its offset and the others'.
   */
  public Progress progress() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Map<String, Long> offsets = offsets(c);
      long highest = offsets.values().stream().mapToLong(Long::longValue).max().orElse(0);
      long watermark = highest;
      Long oldest = null;
      try (PreparedStatement first = c.prepareStatement(FIRST_UNPROJECTED);
          PreparedStatement written = c.prepareStatement(WRITTEN)) {
        for (String tag : tags) {
          first.setString(1, tag);
          first.setLong(2, offsets.getOrDefault(tag, 0L));
          long eventId;
          try (ResultSet rs = first.executeQuery()) {
            if (!rs.next()) {
              continue;
            }
            eventId = rs.getLong(1);
          }
          watermark = Math.min(watermark, eventId - 1);
          written.setLong(1, eventId);
          try (ResultSet rs = written.executeQuery()) {
            if (rs.next()) {
              long at = rs.getLong(1);
              oldest = oldest == null ? at : Math.min(oldest, at);
            }
          }
        }
      }
      return new Progress(watermark, oldest == null ? null : Instant.ofEpochMilli(oldest));
    }
  }

  private static Map<String, Long> offsets(Connection c) throws SQLException {
    Map<String, Long> offsets = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(OFFSETS)) {
      ps.setString(1, ServiceCallsProjection.NAME);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          offsets.put(rs.getString(1), Long.parseLong(rs.getString(2)));
        }
      }
    }
    return offsets;
  }
}
