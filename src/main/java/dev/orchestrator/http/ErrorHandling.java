package dev.orchestrator.http;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every rejection and unexpected exception into a problem+json response without internals: no
 * stack traces, class names or SQL reach a client; the exception is logged here, once.
 */
public final class ErrorHandling extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

  private final ProblemResponses problems;

  public ErrorHandling(ProblemResponses problems) {
    this.problems = problems;
  }

  public Route wrap(Route inner) {
    return withRequestTimeoutResponse(
        request -> timedOut(),
        () -> handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> inner)));
  }

  /**
   * Instead of Pekko's text/plain 503 when no answer is ready within {@code
   * pekko.http.server.request-timeout} (a database or entity that hangs longer than the ask).
   */
  private HttpResponse timedOut() {
    return problems
        .render(
            Problem.of(
                "unavailable",
                "Service unavailable",
                503,
                "no answer within the request timeout; the outcome is unknown, retry (with the same"
                    + " idempotencyKey for submits)"))
        .addHeader(RetryAfter.create(1L));
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, e -> complete(tooLarge()))
        .matchAny(
            e -> {
              if (StorageFailures.isStorageFailure(e)) {
                // An outage, not a bug: one line, no stack trace; the client may retry.
                log.warn("request failed, database unavailable: {}", rootMessage(e));
                return complete(StorageFailures.response(problems, StorageFailures.outcomeOf(e)));
              }
              log.error("request failed", e);
              return complete(
                  problems.render(
                      Problem.of(
                          "internal",
                          "Internal error",
                          500,
                          "the request could not be completed")));
            })
        .build();
  }

  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handle(
            MalformedRequestContentRejection.class,
            r ->
                complete(
                    r.getCause() instanceof EntityStreamSizeException
                        ? tooLarge()
                        : problems.render(
                            Problem.of(
                                "malformed-body",
                                "Malformed body",
                                400,
                                "the body could not be read"))))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(this::asProblem);
  }

  // The default handler answers in text/plain; its texts are safe but clients expect problems.
  private HttpResponse asProblem(HttpResponse response) {
    if (response.entity().getContentType().equals(ProblemResponses.PROBLEM_JSON)) {
      return response;
    }
    String detail =
        response.entity() instanceof HttpEntity.Strict strict
            ? strict.getData().decodeString(StandardCharsets.UTF_8)
            : response.status().reason();
    int status = response.status().intValue();
    if (status == 404) {
      // Identical to the API's own 404, so routing cannot tell a client more than "not found".
      return problems.notFound().withHeaders(response.getHeaders());
    }
    String code =
        switch (status) {
          case 404 -> "not-found";
          case 405 -> "method-not-allowed";
          case 413 -> "payload-too-large";
          case 415 -> "unsupported-media-type";
          default -> "bad-request";
        };
    return problems
        .render(Problem.of(code, response.status().reason(), status, detail))
        .withHeaders(response.getHeaders());
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private HttpResponse tooLarge() {
    return problems.render(
        Problem.of("payload-too-large", "Payload too large", 413, "the request body is too large"));
  }
}
