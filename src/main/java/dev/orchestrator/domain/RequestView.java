package dev.orchestrator.domain;

import java.util.Map;

/**
 * A request as we show and store it outside the journal: sensitive headers masked and the body cut
 * to a snippet.
 */
public record RequestView(
    String method, String url, Map<String, String> headers, String bodySnippet) {
  public static final int BODY_SNIPPET_CHARS = 1024;

  public static RequestView of(CallRequest request) {
    return new RequestView(
        request.method(),
        request.url(),
        Redaction.headers(request.headers()),
        Redaction.snippet(request.body(), BODY_SNIPPET_CHARS));
  }
}
