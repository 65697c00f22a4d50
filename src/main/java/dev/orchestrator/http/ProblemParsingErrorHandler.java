package dev.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests Pekko cannot even parse (URI or headers too long, too many headers, both
 * Content-Length and Transfer-Encoding, …) with problem+json like every other error. These never
 * reach the routes, so {@link ErrorHandling} cannot see them; Pekko instantiates this class by name
 * from {@code pekko.http.server.parsing.error-handler}. The detail is fixed per status: Pekko's own
 * message may quote the request.
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {
  private static final ObjectMapper MAPPER = JsonSupport.mapper();

  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.warning("Illegal request, responding with status '{}': {}", status, info.summary());
    int code = status.intValue();
    Problem problem =
        switch (code) {
          case 414 ->
              Problem.of("uri-too-long", status.reason(), code, "the request URI is too long");
          case 431 ->
              Problem.of(
                  "headers-too-large",
                  status.reason(),
                  code,
                  "a request header is too long or there are too many headers");
          case 413 ->
              Problem.of(
                  "payload-too-large", status.reason(), code, "the request body is too large");
          case 400 ->
              Problem.of(
                  "bad-request",
                  status.reason(),
                  code,
                  "the request is not well-formed HTTP/1.1 or has too many headers");
          // 501 (unknown method), 505 (HTTP version) and whatever a later Pekko adds.
          default -> Problem.of(slug(status.reason()), status.reason(), code, status.reason());
        };
    try {
      return HttpResponse.create()
          .withStatus(code)
          .withEntity(ProblemResponses.PROBLEM_JSON, MAPPER.writeValueAsBytes(problem));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String slug(String reason) {
    return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
