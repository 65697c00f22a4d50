package dev.orchestrator.domain;

import java.util.Map;

/**
 * What we keep of a target's response: status, headers (sensitive ones masked), the first bytes of
 * the body as text, and how long the attempt took.
 */
public record ResponseMeta(
    int statusCode, Map<String, String> headers, String bodySnippet, long latencyMs) {
  public ResponseMeta {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }
}
