package dev.orchestrator.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Appends a group of events to {@code tenant_events} inside the projection's transaction. Offsets
 * come from the one-row {@code event_stream_head}: its row lock, held until commit, makes
 * concurrent projection transactions commit their offsets in increasing order (see migration V4).
 * Call it last in the transaction, so the lock is held only for these inserts and the commit.
 */
final class EventStreamWriter {
  private static final String ALLOCATE =
      "UPDATE event_stream_head SET last_offset = last_offset + ? WHERE id = 1";
  private static final String HEAD = "SELECT last_offset FROM event_stream_head WHERE id = 1";
  private static final String APPEND =
      "INSERT INTO tenant_events (event_offset, tenant_id, service_call_id, seq_nr, event_type,"
          + " occurred_at, projected_at, data_json)"
          + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM tenant_events"
          + " WHERE tenant_id = ? AND service_call_id = ? AND seq_nr = ?)";

  private final ObjectMapper mapper;

  EventStreamWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  void append(Connection c, List<StreamEvent> events, Instant projectedAt) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    long last;
    try (PreparedStatement ps = c.prepareStatement(ALLOCATE)) {
      ps.setLong(1, events.size());
      if (ps.executeUpdate() != 1) {
        throw new SQLException("event_stream_head row missing (migration V4 not applied?)");
      }
    }
    try (PreparedStatement ps = c.prepareStatement(HEAD);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      last = rs.getLong(1);
    }
    long offset = last - events.size();
    OffsetDateTime projected = projectedAt.atOffset(ZoneOffset.UTC);
    try (PreparedStatement ps = c.prepareStatement(APPEND)) {
      for (StreamEvent e : events) {
        offset++;
        ps.setLong(1, offset);
        ps.setString(2, e.tenantId());
        ps.setString(3, e.serviceCallId());
        ps.setLong(4, e.seqNr());
        ps.setString(5, e.type());
        ps.setObject(6, e.occurredAt().atOffset(ZoneOffset.UTC));
        ps.setObject(7, projected);
        ps.setString(8, json(e));
        ps.setString(9, e.tenantId());
        ps.setString(10, e.serviceCallId());
        ps.setLong(11, e.seqNr());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private String json(StreamEvent e) throws SQLException {
    try {
      return mapper.writeValueAsString(e.data());
    } catch (JsonProcessingException ex) {
      throw new SQLException("event data not serializable: " + ex.getOriginalMessage(), ex);
    }
  }
}
