package dev.orchestrator.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code event_subscriptions} table: one subscription per tenant. */
public final class SubscriptionStore {
  /** A subscription as stored by {@link #put}, and whether it is new (not a replacement). */
  public record Stored(EventSubscription subscription, boolean created) {}

  private static final String COLUMNS =
      "tenant_id, url, event_types_json, headers_json, after_offset, created_at, updated_at";
  private static final String UPDATE =
      "UPDATE event_subscriptions SET url = ?, event_types_json = ?, headers_json = ?,"
          + " updated_at = ? WHERE tenant_id = ?";
  // Starts after the stream's head: a new subscription gets the events from now on, not history.
  private static final String INSERT =
      "INSERT INTO event_subscriptions ("
          + COLUMNS
          + ") SELECT ?, ?, ?, ?, last_offset, ?, ? FROM event_stream_head WHERE id = 1";
  private static final String SELECT_ONE =
      "SELECT " + COLUMNS + " FROM event_subscriptions WHERE tenant_id = ?";
  private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM event_subscriptions";
  private static final String ANY = "SELECT COUNT(*) FROM event_subscriptions";
  private static final String DELETE = "DELETE FROM event_subscriptions WHERE tenant_id = ?";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;

  public SubscriptionStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates or replaces the tenant's subscription; a replacement keeps its creation time and
   * offset, so it neither repeats nor skips events.
   *
   * @param headers with sensitive values already sealed for {@link EventSubscription#sealedFor}
   */
  public Stored put(
      TenantId tenant, String url, List<String> eventTypes, Map<String, String> headers, Instant at)
      throws SQLException {
    String types = json(eventTypes);
    String headersJson = json(headers);
    OffsetDateTime now = at.atOffset(ZoneOffset.UTC);
    try (Connection c = dataSource.getConnection()) {
      // Two PUTs racing to create: the loser's INSERT hits the key and it updates instead.
      for (int round = 0; ; round++) {
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
          ps.setString(1, url);
          ps.setString(2, types);
          ps.setString(3, headersJson);
          ps.setObject(4, now);
          ps.setString(5, tenant.value());
          if (ps.executeUpdate() == 1) {
            return new Stored(read(c, tenant).orElseThrow(), false);
          }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
          ps.setString(1, tenant.value());
          ps.setString(2, url);
          ps.setString(3, types);
          ps.setString(4, headersJson);
          ps.setObject(5, now);
          ps.setObject(6, now);
          ps.executeUpdate();
          return new Stored(read(c, tenant).orElseThrow(), true);
        } catch (SQLException e) {
          boolean keyClash = e.getSQLState() != null && e.getSQLState().startsWith("23");
          if (!keyClash || round > 0) {
            throw e;
          }
        }
      }
    }
  }

  public Optional<EventSubscription> get(TenantId tenant) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return read(c, tenant);
    }
  }

  /** True when there was one to delete. */
  public boolean delete(TenantId tenant) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(DELETE)) {
      ps.setString(1, tenant.value());
      return ps.executeUpdate() > 0;
    }
  }

  /** Every subscription, by tenant id. */
  public Map<String, EventSubscription> all() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_ALL);
        ResultSet rs = ps.executeQuery()) {
      Map<String, EventSubscription> out = new HashMap<>();
      while (rs.next()) {
        EventSubscription s = row(rs);
        out.put(s.tenant().value(), s);
      }
      return out;
    }
  }

  public boolean any() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(ANY);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  private static Optional<EventSubscription> read(Connection c, TenantId tenant)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
      ps.setString(1, tenant.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static EventSubscription row(ResultSet rs) throws SQLException {
    try {
      return new EventSubscription(
          new TenantId(rs.getString(1)),
          rs.getString(2),
          JSON.readValue(rs.getString(3), new TypeReference<List<String>>() {}),
          JSON.readValue(rs.getString(4), new TypeReference<Map<String, String>>() {}),
          rs.getLong(5),
          rs.getObject(6, OffsetDateTime.class).toInstant(),
          rs.getObject(7, OffsetDateTime.class).toInstant());
    } catch (JsonProcessingException e) {
      throw new SQLException("event_subscriptions row is not readable JSON", e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable", e);
    }
  }
}
