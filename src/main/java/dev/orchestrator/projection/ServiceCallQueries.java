package dev.orchestrator.projection;

import dev.orchestrator.domain.ServiceCallStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads the {@code service_calls} read model: the tenant's list with keyset pagination and summary,
 * and the due index for the scanner. Blocking JDBC: call from a dedicated dispatcher.
 */
public final class ServiceCallQueries {
  /** A call the scanner should wake. */
  public record DueCall(String tenantId, String serviceCallId, Instant nextDueAt) {}

  private final DataSource dataSource;

  public ServiceCallQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public ListQuery.Page list(ListQuery q) throws SQLException {
    ListSql statement = ListSql.of(q);
    List<Object> args = statement.args();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(statement.sql())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<ServiceCallRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      String next = null;
      if (rows.size() > q.limit()) {
        rows = rows.subList(0, q.limit());
        ServiceCallRow last = rows.get(rows.size() - 1);
        next = new ListQuery.Cursor(last.createdAt(), last.serviceCallId()).encode();
      }
      return new ListQuery.Page(List.copyOf(rows), next);
    }
  }

  /** Calls in {@code status} whose due-index time is at or before {@code until}, oldest first. */
  public List<DueCall> due(ServiceCallStatus status, Instant until, int limit) throws SQLException {
    String sql =
        "SELECT tenant_id, service_call_id, next_due_at FROM service_calls"
            + " WHERE status = ? AND next_due_at <= ? ORDER BY next_due_at LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, status.name());
      ps.setObject(2, ReadModelWriter.ts(until));
      ps.setInt(3, limit);
      List<DueCall> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new DueCall(rs.getString(1), rs.getString(2), instant(rs, 3)));
        }
      }
      return out;
    }
  }

  /**
   * SCHEDULED calls whose next attempt is due at or before {@code now}, across all tenants: the
   * work the entities and the scanner have not picked up yet (a metrics gauge). Served by the due
   * index like {@link #due}.
   */
  public long dueBacklog(Instant now) throws SQLException {
    String sql = "SELECT COUNT(*) FROM service_calls WHERE status = ? AND next_due_at <= ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, ServiceCallStatus.SCHEDULED.name());
      ps.setObject(2, ReadModelWriter.ts(now));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Calls in SCHEDULED or RUNNING by tenant, for the pending-call quota; run periodically rather
   * than per submit. Pending rows always have a next_due_at, and saying so lets the partial due
   * index serve the scan, which then reads pending rows only.
   */
  public Map<String, Long> pendingByTenant() throws SQLException {
    String sql =
        "SELECT tenant_id, COUNT(*) FROM service_calls"
            + " WHERE status IN (?, ?) AND next_due_at IS NOT NULL GROUP BY tenant_id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, ServiceCallStatus.SCHEDULED.name());
      ps.setString(2, ServiceCallStatus.RUNNING.name());
      Map<String, Long> out = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
      return out;
    }
  }

  /**
   * A tenant's counts by status (every status present, 0 when none) and its SCHEDULED calls' due
   * times around {@code now}: due in {@code [now, now+1min)} and {@code [now, now+1h)}, and the
   * earliest one already past (a sign the scanner or the targets fall behind).
   */
  public TenantSummary summary(String tenantId, Instant now, java.time.Duration window)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (ServiceCallStatus s : ServiceCallStatus.values()) {
      counts.put(s.name(), 0L);
    }
    String byStatus =
        "SELECT status, COUNT(*) FROM service_calls WHERE tenant_id = ? GROUP BY status";
    // One pass over the tenant's scheduled rows; terminal rows have no next_due_at.
    String due =
        "SELECT COUNT(CASE WHEN next_due_at >= ? AND next_due_at < ? THEN 1 END),"
            + " COUNT(CASE WHEN next_due_at >= ? AND next_due_at < ? THEN 1 END),"
            + " MIN(CASE WHEN next_due_at < ? THEN next_due_at END)"
            + " FROM service_calls WHERE tenant_id = ? AND status = ? AND next_due_at IS NOT NULL";
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(byStatus)) {
        ps.setString(1, tenantId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            counts.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(due)) {
        var from = ReadModelWriter.ts(now);
        ps.setObject(1, from);
        ps.setObject(2, ReadModelWriter.ts(now.plusSeconds(60)));
        ps.setObject(3, from);
        ps.setObject(4, ReadModelWriter.ts(now.plusSeconds(3600)));
        ps.setObject(5, from);
        ps.setString(6, tenantId);
        ps.setString(7, ServiceCallStatus.SCHEDULED.name());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new TenantSummary(
              counts,
              rs.getLong(1),
              rs.getLong(2),
              instant(rs, 3),
              lateness(c, tenantId, now.minus(window)));
        }
      }
    }
  }

  // First attempt's start minus the time it was due (or accepted, for calls submitted late), for
  // calls whose first attempt started since {@code since}. Percentiles computed by the database.
  private static final String LATENESS_MS =
      "(EXTRACT(EPOCH FROM started_at) - EXTRACT(EPOCH FROM GREATEST(due_at, created_at))) * 1000";
  private static final String LATENESS =
      "SELECT COUNT(*), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY "
          + LATENESS_MS
          + "), PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY "
          + LATENESS_MS
          + ") FROM service_calls WHERE tenant_id = ? AND started_at >= ?";

  private static Lateness lateness(Connection c, String tenantId, Instant since)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LATENESS)) {
      ps.setString(1, tenantId);
      ps.setObject(2, ReadModelWriter.ts(since));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long samples = rs.getLong(1);
        if (samples == 0) {
          return new Lateness(0, null, null);
        }
        return new Lateness(samples, Math.round(rs.getDouble(2)), Math.round(rs.getDouble(3)));
      }
    }
  }

  /** Lateness of first attempts in a window; the percentiles are null without samples. */
  public record Lateness(long samples, Long p50Ms, Long p99Ms) {}

  /** What {@link #summary} found; {@code oldestOverdueDueAt} is null when nothing is overdue. */
  public record TenantSummary(
      Map<String, Long> counts,
      long dueNextMinute,
      long dueNextHour,
      Instant oldestOverdueDueAt,
      Lateness lateness) {}

  private static ServiceCallRow row(ResultSet rs) throws SQLException {
    return new ServiceCallRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        instant(rs, 6),
        instant(rs, 7),
        instant(rs, 8),
        instant(rs, 9),
        rs.getInt(10),
        instant(rs, 11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        rs.getString(16),
        rs.getString(17));
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
