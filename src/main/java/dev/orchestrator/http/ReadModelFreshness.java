package dev.orchestrator.http;

import dev.orchestrator.config.ReadModelSettings;
import dev.orchestrator.projection.ProgressTracker;
import dev.orchestrator.projection.ProjectionLag.Progress;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Wraps every route served from the read model (list, summary, events). The response says how fresh
 * the read model was just before it was read ({@value #OFFSET_HEADER}, {@value #LAG_HEADER}), and
 * {@code ?consistentWith=<token>} first waits, bounded, until the read model has passed a write's
 * {@value #TOKEN_HEADER}: read-your-writes for a client that asks for it, 503 read-model-behind
 * when the wait runs out.
 */
public final class ReadModelFreshness extends AllDirectives {
  /** Every journal event up to this ordering is in the read model (the token's unit). */
  public static final String OFFSET_HEADER = "Orchestrator-Read-Model-Offset";

  /** Age in ms of the oldest journal event not yet in the read model; 0 when caught up. */
  public static final String LAG_HEADER = "Orchestrator-Read-Model-Lag-Ms";

  /** On submit and cancel responses: the journal ordering of the call's latest event. */
  public static final String TOKEN_HEADER = "Orchestrator-Consistency-Token";

  /** What a response reports, in the headers and (summary) in its body. */
  public record Reported(long offset, long lagMs) {}

  static final String PARAM = "consistentWith";
  static final long RETRY_AFTER_SECONDS = 1;

  private final ProgressTracker tracker;
  private final ReadModelSettings settings;
  private final Clock clock;
  private final ProblemResponses problems;

  public ReadModelFreshness(
      ProgressTracker tracker, ReadModelSettings settings, Clock clock, ProblemResponses problems) {
    this.tracker = tracker;
    this.settings = settings;
    this.clock = clock;
    this.problems = problems;
  }

  Route serve(Supplier<Route> inner) {
    return serve(progress -> inner.get());
  }

  /** As above; {@code inner} gets what the headers report (the summary shows it in its body). */
  Route serve(Function<Reported, Route> inner) {
    return parameterOptional(
        PARAM,
        token -> {
          if (token.isEmpty()) {
            return onSuccess(tracker.current(), p -> reporting(p, inner));
          }
          long ordering = parseToken(token.get());
          if (ordering < 0) {
            return complete(
                problems.render(
                    Problem.validation(
                        List.of(
                            new Problem.FieldError(
                                PARAM,
                                "must be a consistency token: the non-negative integer of an "
                                    + TOKEN_HEADER
                                    + " header")))));
          }
          return onSuccess(
              tracker.awaitPassed(
                  ordering, settings.consistencyMaxWait(), settings.consistencyPollInterval()),
              p -> p.passed(ordering) ? reporting(p, inner) : complete(behind(ordering, p)));
        });
  }

  /** The token as a journal ordering; -1 when it is not one. */
  static long parseToken(String token) {
    return token.matches("[0-9]{1,18}") ? Long.parseLong(token) : -1;
  }

  /** Milliseconds the read model lags the journal, as of now. */
  private long lagMillis(Progress p) {
    return p.oldestUnprojected() == null
        ? 0
        // instant(), not millis(): the node's microsecond tick clock divides by zero in millis()
        // on JDK 17 (Clock.TickClock with a sub-millisecond tick).
        : Math.max(0, clock.instant().toEpochMilli() - p.oldestUnprojected().toEpochMilli());
  }

  private Route reporting(Progress p, Function<Reported, Route> inner) {
    var reported = new Reported(p.offset(), lagMillis(p));
    List<HttpHeader> headers =
        List.of(
            RawHeader.create(OFFSET_HEADER, Long.toString(reported.offset())),
            RawHeader.create(LAG_HEADER, Long.toString(reported.lagMs())));
    return respondWithHeaders(headers, () -> inner.apply(reported));
  }

  private org.apache.pekko.http.javadsl.model.HttpResponse behind(long ordering, Progress p) {
    return problems
        .render(
            Problem.of(
                "read-model-behind",
                "Service unavailable",
                503,
                "the read model has not reached consistency token "
                    + ordering
                    + " within "
                    + settings.consistencyMaxWait().toMillis()
                    + " ms (it is at "
                    + p.offset()
                    + ", "
                    + lagMillis(p)
                    + " ms behind the journal); retry later"))
        .addHeader(RetryAfter.create(RETRY_AFTER_SECONDS));
  }
}
