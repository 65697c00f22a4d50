package dev.orchestrator.http;

import java.util.List;
import java.util.Map;

/**
 * The submit body as the client sent it. Times and durations stay strings here so that the
 * validator can report a malformed one against its field instead of failing the whole parse.
 */
public record SubmitRequest(
    String name,
    RequestBody request,
    String dueAt,
    String delay,
    String idempotencyKey,
    List<String> tags,
    String correlationId,
    RetryBody retry,
    String timeout) {

  /** The HTTP request to send. */
  public record RequestBody(String method, String url, Map<String, String> headers, String body) {}

  /** Retry policy in the API's names; every field is optional. */
  public record RetryBody(
      Integer maxAttempts, String initialBackoff, String maxBackoff, Double backoffCoefficient) {}
}
