package dev.orchestrator.http;

import java.sql.SQLException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/**
 * How a database outage reaches a client: always 503 {@code storage-unavailable} problem+json with
 * {@code Retry-After}, never a 500 and never internals (SQL, pool or driver messages stay in the
 * log). The detail says whether the request was certainly not applied or its outcome is unknown.
 *
 * <ul>
 *   <li>{@link Outcome#NOT_APPLIED}: refused before anything was sent to the database (the health
 *       probe sees it down), or a read failed. Retry after the delay.
 *   <li>{@link Outcome#UNKNOWN}: a write was sent and not confirmed (the journal failed or timed
 *       out, or the database went down while the request waited). It may have been stored: retry
 *       with the same idempotencyKey, which returns the stored call if there is one.
 * </ul>
 */
public final class StorageFailures {
  /** Seconds a client should wait: about the journal breaker's reset-timeout. */
  public static final long RETRY_AFTER_SECONDS = 5;

  private StorageFailures() {}

  /** What the client can know about its request. */
  public enum Outcome {
    NOT_APPLIED,
    UNKNOWN
  }

  /** Thrown into a request's future when the database is (or went) down. No stack trace. */
  public static final class Unavailable extends RuntimeException {
    private final Outcome outcome;

    public Unavailable(Outcome outcome) {
      super("database unavailable", null, false, false);
      this.outcome = outcome;
    }

    public Outcome outcome() {
      return outcome;
    }
  }

  /**
   * True for failures that mean "the database cannot be used right now": any SQL error (pool
   * timeout, refused or reset connection, socket timeout), the journal's open circuit breaker, or
   * {@link Unavailable}; looked for along the cause chain, since streams and futures wrap them.
   */
  public static boolean isStorageFailure(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof SQLException
          || e instanceof CircuitBreakerOpenException
          || e instanceof Unavailable) {
        return true;
      }
    }
    return false;
  }

  /** The outcome an error implies: {@link Unavailable} says; anything else is a failed read. */
  public static Outcome outcomeOf(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof Unavailable u) {
        return u.outcome();
      }
    }
    return Outcome.NOT_APPLIED;
  }

  public static HttpResponse response(ProblemResponses problems, Outcome outcome) {
    String detail =
        switch (outcome) {
          case NOT_APPLIED -> "the database is unavailable; nothing was changed; retry later";
          case UNKNOWN ->
              "the database did not confirm the write, so it may or may not have been stored;"
                  + " retry with the same idempotencyKey (for a submit without one, a retry may"
                  + " create a second call)";
        };
    return problems
        .render(Problem.of("storage-unavailable", "Service unavailable", 503, detail))
        .addHeader(RetryAfter.create(RETRY_AFTER_SECONDS));
  }
}
