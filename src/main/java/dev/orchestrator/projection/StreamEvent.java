package dev.orchestrator.projection;

import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ResponseMeta;
import dev.orchestrator.entity.ServiceCallEvent;
import dev.orchestrator.entity.ServiceCallEvent.AttemptFailed;
import dev.orchestrator.entity.ServiceCallEvent.ExecutionStarted;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallCancelled;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallFailed;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallScheduled;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallSucceeded;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One journal event as external consumers see it: its type name (the event record's name, part of
 * the public schema), the call, when it happened, and a small data object. Requests, headers and
 * response bodies stay out (they may hold secrets; the call's history has the masked details).
 */
public record StreamEvent(
    String tenantId,
    String serviceCallId,
    long seqNr,
    String type,
    Instant occurredAt,
    Map<String, Object> data) {

  public static StreamEvent of(ServiceCallEvent event, long seqNr) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (event instanceof ServiceCallScheduled e) {
      data.put("status", "SCHEDULED");
      data.put("name", e.spec().name());
      data.put("dueAt", e.spec().dueAt());
      data.put("tags", e.spec().tags());
      data.put("correlationId", e.spec().correlationId());
    } else if (event instanceof ExecutionStarted e) {
      data.put("status", "RUNNING");
      data.put("attempt", e.attempt());
      data.put("resumed", e.resumed());
    } else if (event instanceof AttemptFailed e) {
      data.put("status", "SCHEDULED");
      data.put("attempt", e.attempt());
      error(data, e.error());
      response(data, e.response());
      data.put("nextAttemptAt", e.nextAttemptAt());
    } else if (event instanceof ServiceCallSucceeded e) {
      data.put("status", "SUCCEEDED");
      data.put("attempt", e.attempt());
      response(data, e.response());
    } else if (event instanceof ServiceCallFailed e) {
      data.put("status", "FAILED");
      data.put("attempt", e.attempt());
      error(data, e.error());
      response(data, e.response());
    } else if (event instanceof ServiceCallCancelled e) {
      data.put("status", "CANCELLED");
      data.put("reason", e.reason());
    }
    data.values().removeIf(v -> v == null);
    return new StreamEvent(
        event.callId().tenant().value(),
        event.callId().callId(),
        seqNr,
        event.getClass().getSimpleName(),
        event.at(),
        data);
  }

  private static void error(Map<String, Object> data, ErrorInfo error) {
    if (error != null) {
      var e = new LinkedHashMap<String, Object>();
      e.put("kind", error.kind().name());
      e.put("message", error.message());
      data.put("error", e);
    }
  }

  private static void response(Map<String, Object> data, ResponseMeta response) {
    if (response != null) {
      data.put("responseStatus", response.statusCode());
      data.put("latencyMs", response.latencyMs());
    }
  }
}
