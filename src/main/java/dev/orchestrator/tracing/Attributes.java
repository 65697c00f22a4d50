package dev.orchestrator.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span attribute keys: OpenTelemetry's HTTP semantic conventions where they fit, {@code
 * orchestrator.*} for ours. Never the URL's path or query, nor headers or bodies (they may hold
 * secrets): only method, host and port of a target.
 */
final class Attributes {
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> TENANT = AttributeKey.stringKey("orchestrator.tenant");
  static final AttributeKey<String> SERVICE_CALL_ID =
      AttributeKey.stringKey("orchestrator.service_call.id");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("orchestrator.attempt");

  /** {@code success}, {@code retryable_failure} or {@code permanent_failure}. */
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("orchestrator.outcome");

  private Attributes() {}
}
