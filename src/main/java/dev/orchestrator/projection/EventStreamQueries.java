package dev.orchestrator.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads a tenant's event stream in offset order, from just after a given offset. */
public final class EventStreamQueries {
  /** One stored event; {@code dataJson} is the event's data object as JSON text. */
  public record StoredEvent(
      long offset,
      String type,
      String serviceCallId,
      Instant occurredAt,
      Instant projectedAt,
      String dataJson) {}

  private static final String PAGE =
      "SELECT event_offset, event_type, service_call_id, occurred_at, projected_at, data_json"
          + " FROM tenant_events WHERE tenant_id = ? AND event_offset > ?"
          + " ORDER BY event_offset LIMIT ?";

  private final DataSource dataSource;

  public EventStreamQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public List<StoredEvent> page(String tenantId, long after, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(PAGE)) {
      ps.setString(1, tenantId);
      ps.setLong(2, after);
      ps.setInt(3, limit);
      List<StoredEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StoredEvent(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class).toInstant(),
                  rs.getObject(5, OffsetDateTime.class).toInstant(),
                  rs.getString(6)));
        }
      }
      return out;
    }
  }
}
