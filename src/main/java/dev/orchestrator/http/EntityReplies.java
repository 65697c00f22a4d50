package dev.orchestrator.http;

import dev.orchestrator.entity.Rejection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.pattern.StatusReply;

/**
 * Maps a failed ask to an entity onto the API's problem responses:
 *
 * <ul>
 *   <li>entity rejections: 404 not-found, 409 idempotency-conflict / already-terminal;
 *   <li>the entity's persist failed ({@link Rejection#STORAGE_UNAVAILABLE}) or the database went
 *       down while waiting: 503 storage-unavailable, outcome unknown, Retry-After ({@link
 *       StorageFailures});
 *   <li>no answer within the ask timeout: 503 unavailable, outcome unknown, Retry-After 1.
 * </ul>
 *
 * Anything else is a bug and becomes ErrorHandling's 500.
 */
final class EntityReplies {
  private EntityReplies() {}

  static HttpResponse failure(ProblemResponses problems, Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof StatusReply.ErrorMessage m) {
      Rejection rejection = Rejection.of(m.getMessage());
      String detail = Rejection.detail(m.getMessage());
      if (rejection == Rejection.NOT_FOUND) {
        return problems.notFound();
      }
      if (rejection == Rejection.IDEMPOTENCY_CONFLICT) {
        return problems.render(Problem.of("idempotency-conflict", "Conflict", 409, detail));
      }
      if (rejection == Rejection.ALREADY_TERMINAL) {
        return problems.render(Problem.of("already-terminal", "Conflict", 409, detail));
      }
      if (rejection == Rejection.STORAGE_UNAVAILABLE) {
        // The journal failed the write (error, timeout or open breaker): it may have committed.
        return StorageFailures.response(problems, StorageFailures.Outcome.UNKNOWN);
      }
    }
    if (e instanceof StorageFailures.Unavailable u) {
      // The database went down while this request waited for its entity.
      return StorageFailures.response(problems, u.outcome());
    }
    if (e instanceof TimeoutException) {
      // Unknown outcome: the write may or may not have happened. Retrying with the same
      // idempotencyKey is safe and tells.
      return problems
          .render(
              Problem.of(
                  "unavailable",
                  "Service unavailable",
                  503,
                  "the call did not answer in time, so the outcome is unknown; retry (with the"
                      + " same idempotencyKey for submits)"))
          .addHeader(RetryAfter.create(1L));
    }
    throw new IllegalStateException("entity ask failed", e);
  }
}
