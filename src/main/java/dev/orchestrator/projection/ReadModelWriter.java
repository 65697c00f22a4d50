package dev.orchestrator.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.RequestView;
import dev.orchestrator.domain.ResponseMeta;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.entity.ServiceCallEvent;
import dev.orchestrator.entity.ServiceCallEvent.AttemptFailed;
import dev.orchestrator.entity.ServiceCallEvent.ExecutionStarted;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallCancelled;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallFailed;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallScheduled;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallSucceeded;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Applies one event to the {@code service_calls} read model. Every statement is guarded by the
 * event's sequence number, so replaying an event (after an offset reset) changes nothing.
 */
final class ReadModelWriter {
  private static final String INSERT_CALL =
      "INSERT INTO service_calls (tenant_id, service_call_id, name, status, method, url,"
          + " request_json, due_at, created_at, attempts, next_due_at, tags_json, correlation_id,"
          + " idempotency_key, last_seq_nr, updated_at)"
          + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
          + " (SELECT 1 FROM service_calls WHERE tenant_id = ? AND service_call_id = ?)";
  private static final String INSERT_TAG =
      "INSERT INTO service_call_tags (tenant_id, service_call_id, tag, created_at)"
          + " SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM service_call_tags"
          + " WHERE tenant_id = ? AND tag = ? AND service_call_id = ?)";
  private static final String STARTED =
      "UPDATE service_calls SET status = ?, attempts = ?, started_at = COALESCE(started_at, ?),"
          + " next_due_at = ?, last_seq_nr = ?, updated_at = ?"
          + " WHERE tenant_id = ? AND service_call_id = ? AND last_seq_nr < ?";
  private static final String FINISHED =
      "UPDATE service_calls SET status = ?, next_due_at = ?, finished_at = ?, response_json = ?,"
          + " error_kind = ?, error_message = ?, last_seq_nr = ?, updated_at = ?"
          + " WHERE tenant_id = ? AND service_call_id = ? AND last_seq_nr < ?";

  private final ObjectMapper mapper;

  ReadModelWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  void apply(Connection c, ServiceCallEvent event, long seqNr) throws SQLException {
    if (event instanceof ServiceCallScheduled e) {
      insert(c, e, seqNr);
    } else if (event instanceof ExecutionStarted e) {
      try (PreparedStatement ps = c.prepareStatement(STARTED)) {
        ps.setString(1, ServiceCallStatus.RUNNING.name());
        ps.setInt(2, e.attempt());
        ps.setObject(3, ts(e.at()));
        ps.setObject(4, ts(e.deadline()));
        guard(ps, 5, e.callId(), seqNr, e.at());
        ps.executeUpdate();
      }
    } else if (event instanceof AttemptFailed e) {
      finish(
          c,
          e,
          ServiceCallStatus.SCHEDULED,
          e.nextAttemptAt(),
          null,
          e.response(),
          e.error(),
          seqNr);
    } else if (event instanceof ServiceCallSucceeded e) {
      finish(c, e, ServiceCallStatus.SUCCEEDED, null, e.at(), e.response(), null, seqNr);
    } else if (event instanceof ServiceCallFailed e) {
      finish(c, e, ServiceCallStatus.FAILED, null, e.at(), e.response(), e.error(), seqNr);
    } else if (event instanceof ServiceCallCancelled e) {
      finish(c, e, ServiceCallStatus.CANCELLED, null, e.at(), null, null, seqNr);
    }
  }

  private void insert(Connection c, ServiceCallScheduled e, long seqNr) throws SQLException {
    CallSpec spec = e.spec();
    ServiceCallId id = e.callId();
    try (PreparedStatement ps = c.prepareStatement(INSERT_CALL)) {
      ps.setString(1, id.tenant().value());
      ps.setString(2, id.callId());
      ps.setString(3, spec.name());
      ps.setString(4, ServiceCallStatus.SCHEDULED.name());
      ps.setString(5, spec.request().method());
      ps.setString(6, spec.request().url());
      ps.setString(7, json(RequestView.of(spec.request())));
      ps.setObject(8, ts(spec.dueAt()));
      ps.setObject(9, ts(e.at()));
      ps.setObject(10, ts(spec.dueAt()));
      ps.setString(11, json(spec.tags()));
      ps.setString(12, spec.correlationId());
      ps.setString(13, spec.idempotencyKey());
      ps.setLong(14, seqNr);
      ps.setObject(15, ts(e.at()));
      ps.setString(16, id.tenant().value());
      ps.setString(17, id.callId());
      ps.executeUpdate();
    }
    if (spec.tags().isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_TAG)) {
      for (String tag : spec.tags()) {
        ps.setString(1, id.tenant().value());
        ps.setString(2, id.callId());
        ps.setString(3, tag);
        ps.setObject(4, ts(e.at()));
        ps.setString(5, id.tenant().value());
        ps.setString(6, tag);
        ps.setString(7, id.callId());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void finish(
      Connection c,
      ServiceCallEvent e,
      ServiceCallStatus status,
      Instant nextDueAt,
      Instant finishedAt,
      ResponseMeta response,
      ErrorInfo error,
      long seqNr)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FINISHED)) {
      ps.setString(1, status.name());
      ps.setObject(2, nextDueAt == null ? null : ts(nextDueAt), Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setObject(3, finishedAt == null ? null : ts(finishedAt), Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setString(4, response == null ? null : json(response));
      ps.setString(5, error == null ? null : error.kind().name());
      ps.setString(6, error == null ? null : error.message());
      guard(ps, 7, e.callId(), seqNr, e.at());
      ps.executeUpdate();
    }
  }

  private static void guard(
      PreparedStatement ps, int from, ServiceCallId id, long seqNr, Instant at)
      throws SQLException {
    ps.setLong(from, seqNr);
    ps.setObject(from + 1, ts(at));
    ps.setString(from + 2, id.tenant().value());
    ps.setString(from + 3, id.callId());
    ps.setLong(from + 4, seqNr);
  }

  static OffsetDateTime ts(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render read-model JSON", e);
    }
  }
}
