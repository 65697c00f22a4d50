package dev.orchestrator.domain;

import java.util.Locale;
import java.util.Set;

/**
 * Request headers a tenant's stored request may not carry: framing and hop-by-hop headers (the HTTP
 * client owns them; a tenant value could desync framing) and the headers we set on every attempt (a
 * tenant value would spoof them). Submit refuses them; the invoker also drops them, as a second
 * line of defence for requests stored before a rule existed.
 */
public final class ReservedHeaders {
  private static final Set<String> FRAMING =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "upgrade",
          "te",
          "trailer",
          "keep-alive",
          "expect");
  // traceparent/tracestate: trace context comes from the submit's own headers and is sent per
  // attempt with a span id of its own; a stored copy would pin every attempt to one span.
  private static final Set<String> OURS =
      Set.of("idempotency-key", "x-service-call-id", "x-attempt", "traceparent", "tracestate");

  private ReservedHeaders() {}

  /** True for framing, hop-by-hop and {@code Proxy-*} headers and for the ones we always set. */
  public static boolean isReserved(String headerName) {
    String n = headerName.toLowerCase(Locale.ROOT);
    return FRAMING.contains(n) || OURS.contains(n) || n.startsWith("proxy-");
  }
}
