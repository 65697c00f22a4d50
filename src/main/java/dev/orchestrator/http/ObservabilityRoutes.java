package dev.orchestrator.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.projection.ServiceCallQueries;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Read-only views for operators: a call's history (from the journal) and a tenant's summary (from
 * the read model). Mounted by {@link ServiceCallRoutes} below its authentication and path checks,
 * so both see only the authenticated tenant's data.
 */
public final class ObservabilityRoutes extends AllDirectives {
  private final CallHistory history;
  private final ServiceCallQueries queries;
  private final ObjectMapper mapper;
  private final ProblemResponses problems;
  private final Executor blocking;
  private final Clock clock;
  private final StorageGate gate;
  private final ReadModelFreshness freshness;

  /** The summary resource; {@code oldestOverdueDueAt} is written as null rather than left out. */
  public record SummaryView(
      String tenantId,
      Map<String, Long> counts,
      long dueNextMinute,
      long dueNextHour,
      @JsonInclude(JsonInclude.Include.ALWAYS) Instant oldestOverdueDueAt,
      LatenessView lateness,
      ReadModelFreshness.Reported readModel) {}

  /** First attempts started within {@code window}: how late they began, in milliseconds. */
  public record LatenessView(
      String window,
      long samples,
      @JsonInclude(JsonInclude.Include.ALWAYS) Long p50Ms,
      @JsonInclude(JsonInclude.Include.ALWAYS) Long p99Ms) {}

  static final java.time.Duration DEFAULT_WINDOW = java.time.Duration.ofMinutes(15);
  private static final java.time.Duration MAX_WINDOW = java.time.Duration.ofHours(24);

  public ObservabilityRoutes(
      ActorSystem<?> system,
      ServiceCallQueries queries,
      ObjectMapper mapper,
      Executor blocking,
      Clock clock,
      StorageGate gate,
      ReadModelFreshness freshness) {
    this.freshness = freshness;
    this.history = new CallHistory(system, mapper);
    this.gate = gate;
    this.queries = queries;
    this.mapper = mapper;
    this.problems = new ProblemResponses(mapper);
    this.blocking = blocking;
    this.clock = clock;
  }

  /** {@code GET …/service-calls/{id}/history}: 404 like any missing call when it has no events. */
  Route history(ServiceCallId id) {
    return gate.guard(() -> readHistory(id));
  }

  private Route readHistory(ServiceCallId id) {
    return onSuccess(
        history.read(id),
        view ->
            view.isPresent()
                ? complete(StatusCodes.OK, view.get(), Jackson.marshaller(mapper))
                : complete(problems.notFound()));
  }

  /** {@code GET /api/v1/tenants/{tenant}/summary[?window=PT15M]}. */
  Route summary(TenantId tenant) {
    return parameterOptional(
        "window",
        w -> {
          java.time.Duration window = DEFAULT_WINDOW;
          if (w.isPresent()) {
            try {
              window = java.time.Duration.parse(w.get());
            } catch (java.time.format.DateTimeParseException e) {
              window = null;
            }
            if (window == null
                || window.compareTo(java.time.Duration.ofMinutes(1)) < 0
                || window.compareTo(MAX_WINDOW) > 0) {
              return complete(
                  problems.render(
                      Problem.validation(
                          java.util.List.of(
                              new Problem.FieldError(
                                  "window",
                                  "an ISO-8601 duration from PT1M to PT24H, e.g. PT15M")))));
            }
          }
          return summary(tenant, window);
        });
  }

  private Route summary(TenantId tenant, java.time.Duration window) {
    return gate.guard(() -> freshness.serve(reported -> readSummary(tenant, window, reported)));
  }

  /** {@code readModel}: how fresh the read model was just before, as the headers say. */
  private Route readSummary(
      TenantId tenant, java.time.Duration window, ReadModelFreshness.Reported readModel) {
    CompletionStage<SummaryView> view =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                var s = queries.summary(tenant.value(), clock.instant(), window);
                return new SummaryView(
                    tenant.value(),
                    s.counts(),
                    s.dueNextMinute(),
                    s.dueNextHour(),
                    s.oldestOverdueDueAt(),
                    new LatenessView(
                        window.toString(),
                        s.lateness().samples(),
                        s.lateness().p50Ms(),
                        s.lateness().p99Ms()),
                    readModel);
              } catch (SQLException e) {
                throw new IllegalStateException("summary query failed", e);
              }
            },
            blocking);
    return onSuccess(view, v -> complete(StatusCodes.OK, v, Jackson.marshaller(mapper)));
  }
}
