package dev.orchestrator.domain;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The HTTP request a call will send. Headers keep the client's spelling but are compared
 * case-insensitively by the target; the map is sorted so equal requests compare equal. The body is
 * text (UTF-8) and may be null.
 */
public record CallRequest(String method, String url, Map<String, String> headers, String body) {
  public CallRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    headers =
        headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
  }

  /** Sensitive header values masked, so a request that reaches a log line carries no credential. */
  @Override
  public String toString() {
    return "CallRequest[method="
        + method
        + ", url="
        + url
        + ", headers="
        + Redaction.headers(headers)
        + ", body="
        + body
        + "]";
  }
}
