package dev.orchestrator.execution;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ReservedHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.UserAgent;

/**
 * Builds the Pekko request for one attempt: the tenant's method, URL, headers and body, plus our
 * protocol headers. Throws {@link InvalidRequest} for anything that cannot be sent as stored.
 */
final class PekkoRequests {
  static final String USER_AGENT = "orchestrator/0.1";

  // Besides the reserved headers (Pekko's framing, ours): Content-Type travels on the entity, and
  // correlation id and user agent are set by us, so a stored copy would duplicate them.
  private static final Set<String> DROPPED =
      Set.of("content-type", "x-correlation-id", "user-agent");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern VISIBLE_VALUE = Pattern.compile("[\\t\\x20-\\x7E]*");

  /** Why a stored request cannot be sent; becomes an INVALID_REQUEST outcome. */
  static final class InvalidRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRequest(String message) {
      super(message, null, false, false);
    }
  }

  private PekkoRequests() {}

  static HttpRequest build(OutboundRequest r) {
    CallRequest call = r.request();
    List<HttpHeader> headers = new ArrayList<>();
    String contentType = null;
    for (var h : call.headers().entrySet()) {
      String name = h.getKey();
      String value = h.getValue() == null ? "" : h.getValue();
      if (!TOKEN.matcher(name).matches() || !VISIBLE_VALUE.matcher(value).matches()) {
        throw new InvalidRequest("header '" + printable(name) + "' has an unusable name or value");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("content-type")) {
        contentType = value;
      }
      if (!DROPPED.contains(lower) && !ReservedHeaders.isReserved(lower)) {
        headers.add(RawHeader.create(name, value));
      }
    }
    ours(headers, "Idempotency-Key", r.idempotencyKey());
    ours(headers, "X-Service-Call-Id", r.callId().callId());
    ours(headers, "X-Attempt", Integer.toString(r.attempt()));
    ours(headers, "X-Correlation-Id", r.correlationId());
    // W3C trace context: the call's trace, this attempt's own span id.
    ours(headers, "traceparent", r.traceparent());
    ours(headers, "tracestate", r.tracestate());
    // The modelled header, not a raw one: it replaces Pekko's own default User-Agent.
    headers.add(UserAgent.create(USER_AGENT));
    // Each connection serves one attempt (PekkoHttpInvoker); saying so lets the target free it at
    // once instead of keeping it alive for a next request that never comes.
    headers.add(org.apache.pekko.http.javadsl.model.headers.Connection.create("close"));
    return HttpRequest.create()
        .withMethod(method(call.method()))
        .withUri(uri(call.url()))
        .withHeaders(headers)
        .withEntity(entity(contentType, bodyBytes(call)));
  }

  /** The body exactly as sent: UTF-8, empty when absent. Signatures are computed over these. */
  static byte[] bodyBytes(CallRequest call) {
    return call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
  }

  // Our values come from validated input too, but a CR/LF here would split the request.
  private static void ours(List<HttpHeader> headers, String name, String value) {
    if (value == null) {
      return;
    }
    if (!VISIBLE_VALUE.matcher(value).matches()) {
      throw new InvalidRequest(name + " has an unusable value");
    }
    headers.add(RawHeader.create(name, value));
  }

  private static HttpMethod method(String name) {
    Optional<HttpMethod> m = HttpMethods.lookup(name.toUpperCase(Locale.ROOT));
    if (m.isEmpty() || m.get() == HttpMethods.CONNECT) {
      throw new InvalidRequest("unsupported HTTP method '" + printable(name) + "'");
    }
    return m.get();
  }

  private static Uri uri(String url) {
    Uri uri;
    try {
      uri = Uri.create(url);
    } catch (RuntimeException e) {
      throw new InvalidRequest("URL is not valid: " + FailureMessages.clean(e.getMessage()));
    }
    String scheme = uri.scheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new InvalidRequest("URL must be absolute http or https");
    }
    if (uri.host().address().isEmpty()) {
      throw new InvalidRequest("URL has no host");
    }
    return uri;
  }

  private static HttpEntity.Strict entity(String contentType, byte[] bytes) {
    if (contentType == null) {
      return bytes.length == 0
          ? HttpEntities.EMPTY
          : HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, bytes);
    }
    return HttpEntities.create(contentType(contentType), bytes);
  }

  // A content type Pekko cannot parse is still sent, as octet-stream, rather than failing the
  // call: the tenant's target may be lenient, and the body bytes are unchanged.
  private static ContentType contentType(String value) {
    try {
      return ContentTypes.parse(value);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) : s;
    return cut.replaceAll("[^\\x20-\\x7E]", "?");
  }
}
