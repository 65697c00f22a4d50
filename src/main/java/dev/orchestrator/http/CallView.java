package dev.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.RequestView;
import dev.orchestrator.entity.Summary;
import dev.orchestrator.projection.ServiceCallRow;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The call resource of the API, built either from the entity (strongly consistent: get, submit,
 * cancel) or from the read model (list). Sensitive request headers are always masked.
 */
public record CallView(
    String tenantId,
    String serviceCallId,
    String name,
    String status,
    JsonNode request,
    Instant dueAt,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int attempts,
    Instant nextAttemptAt,
    JsonNode response,
    ErrorView error,
    List<String> tags,
    String correlationId,
    String idempotencyKey) {

  /** Why the call (or its last attempt) failed. */
  public record ErrorView(String kind, String message) {
    static ErrorView of(ErrorInfo e) {
      return e == null ? null : new ErrorView(e.kind().name(), e.message());
    }
  }

  public static CallView of(Summary s, ObjectMapper mapper) {
    var spec = s.spec();
    return new CallView(
        s.id().tenant().value(),
        s.id().callId(),
        spec.name(),
        s.status().name(),
        mapper.valueToTree(RequestView.of(spec.request())),
        spec.dueAt(),
        s.createdAt(),
        s.startedAt(),
        s.finishedAt(),
        s.attempts(),
        s.nextAttemptAt(),
        s.response() == null ? null : mapper.valueToTree(s.response()),
        ErrorView.of(s.error()),
        spec.tags(),
        spec.correlationId(),
        spec.idempotencyKey());
  }

  public static CallView of(ServiceCallRow r, ObjectMapper mapper) {
    try {
      return new CallView(
          r.tenantId(),
          r.serviceCallId(),
          r.name(),
          r.status(),
          mapper.readTree(r.requestJson()),
          r.dueAt(),
          r.createdAt(),
          r.startedAt(),
          r.finishedAt(),
          r.attempts(),
          "SCHEDULED".equals(r.status()) ? r.nextDueAt() : null,
          r.responseJson() == null ? null : mapper.readTree(r.responseJson()),
          r.errorKind() == null ? null : new ErrorView(r.errorKind(), r.errorMessage()),
          List.of(mapper.readValue(r.tagsJson(), String[].class)),
          r.correlationId(),
          r.idempotencyKey());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A page of the list API. */
  public record Page(List<CallView> items, String nextCursor) {}
}
