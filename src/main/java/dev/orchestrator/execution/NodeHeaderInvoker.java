package dev.orchestrator.execution;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ReservedHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Adds a header naming the node that sends each attempt ({@code host:port} of its cluster address),
 * then delegates. Opt-in ({@code orchestrator.execution.node-header}) for fault tests and
 * debugging: it tells third parties an internal address, so it is off by default. A tenant header
 * of the same name (any case) is replaced, never sent beside ours, so a tenant cannot forge which
 * node ran it.
 */
public final class NodeHeaderInvoker implements HttpInvoker {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final HttpInvoker delegate;
  private final String name;
  private final String value;

  public NodeHeaderInvoker(HttpInvoker delegate, String headerName, String nodeAddress) {
    this.delegate = Objects.requireNonNull(delegate);
    if (headerName == null || !TOKEN.matcher(headerName).matches()) {
      throw new IllegalArgumentException("node-header must be a valid header name");
    }
    if (ReservedHeaders.isReserved(headerName)
        || headerName.toLowerCase(Locale.ROOT).startsWith("webhook-")) {
      throw new IllegalArgumentException("node-header '" + headerName + "' is a reserved header");
    }
    this.name = headerName;
    this.value = Objects.requireNonNull(nodeAddress);
  }

  /** The invoker to use: {@code delegate} itself when {@code headerName} is empty (the default). */
  public static HttpInvoker wrapIfEnabled(
      HttpInvoker delegate, String headerName, String nodeAddress) {
    return headerName == null || headerName.isBlank()
        ? delegate
        : new NodeHeaderInvoker(delegate, headerName.trim(), nodeAddress);
  }

  @Override
  public CompletionStage<AttemptOutcome> invoke(OutboundRequest r) {
    CallRequest call = r.request();
    Map<String, String> headers = new TreeMap<>();
    for (var h : call.headers().entrySet()) {
      if (!h.getKey().equalsIgnoreCase(name)) {
        headers.put(h.getKey(), h.getValue());
      }
    }
    headers.put(name, value);
    // withRequest: the attempt's trace context and every other field travel on unchanged.
    return delegate.invoke(
        r.withRequest(new CallRequest(call.method(), call.url(), headers, call.body())));
  }
}
