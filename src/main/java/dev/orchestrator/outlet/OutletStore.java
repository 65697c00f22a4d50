package dev.orchestrator.outlet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads the whole event stream (every tenant) after an outlet's offset, and stores the offset. Each
 * outlet has its own row in {@code outlet_offsets}, named by the outlet.
 */
public final class OutletStore {
  /** One event to hand on; {@code dataJson} is the event's data object as JSON text. */
  public record OutletEvent(
      long offset,
      String tenantId,
      String type,
      String serviceCallId,
      Instant occurredAt,
      String dataJson) {}

  private static final String READ_OFFSET =
      "SELECT last_offset FROM outlet_offsets WHERE outlet_name = ?";
  private static final String INSERT_OFFSET =
      "INSERT INTO outlet_offsets (outlet_name, last_offset, updated_at) SELECT ?, 0, ?"
          + " WHERE NOT EXISTS (SELECT 1 FROM outlet_offsets WHERE outlet_name = ?)";
  private static final String STORE_OFFSET =
      "UPDATE outlet_offsets SET last_offset = ?, updated_at = ? WHERE outlet_name = ?"
          + " AND last_offset < ?";
  private static final String PAGE =
      "SELECT event_offset, tenant_id, event_type, service_call_id, occurred_at, data_json"
          + " FROM tenant_events WHERE event_offset > ? ORDER BY event_offset LIMIT ?";

  private static final String HEAD = "SELECT last_offset FROM event_stream_head WHERE id = 1";

  private final DataSource dataSource;
  private final String name;

  public OutletStore(DataSource dataSource, String name) {
    this.dataSource = dataSource;
    this.name = name;
  }

  /** The outlet's stored offset (0 the first time, when its row is created). */
  public long offset() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(INSERT_OFFSET)) {
        ps.setString(1, name);
        ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
        ps.setString(3, name);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(READ_OFFSET)) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }
  }

  /** Up to {@code limit} events after {@code offset}, in offset order. */
  public List<OutletEvent> after(long offset, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(PAGE)) {
      ps.setLong(1, offset);
      ps.setInt(2, limit);
      List<OutletEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new OutletEvent(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getObject(5, OffsetDateTime.class).toInstant(),
                  rs.getString(6)));
        }
      }
      return out;
    }
  }

  /**
   * The largest offset committed to the stream so far. Offsets are allocated in commit order (see
   * migration V4), so no event at or below it can still appear.
   */
  public long head() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(HEAD);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Moves the outlet's offset forward to {@code offset} (never back). */
  public void store(long offset) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(STORE_OFFSET)) {
      ps.setLong(1, offset);
      ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setString(3, name);
      ps.setLong(4, offset);
      ps.executeUpdate();
    }
  }
}
