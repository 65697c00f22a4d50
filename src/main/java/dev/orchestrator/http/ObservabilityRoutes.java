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

  /** The summary resource; {@code oldestOverdueDueAt} is written as null rather than left out. */
  public record SummaryView(
      String tenantId,
      Map<String, Long> counts,
      long dueNextMinute,
      long dueNextHour,
      @JsonInclude(JsonInclude.Include.ALWAYS) Instant oldestOverdueDueAt) {}

  public ObservabilityRoutes(
      ActorSystem<?> system,
      ServiceCallQueries queries,
      ObjectMapper mapper,
      Executor blocking,
      Clock clock,
      StorageGate gate) {
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

  /** {@code GET /api/v1/tenants/{tenant}/summary}. */
  Route summary(TenantId tenant) {
    return gate.guard(() -> readSummary(tenant));
  }

  private Route readSummary(TenantId tenant) {
    CompletionStage<SummaryView> view =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                var s = queries.summary(tenant.value(), clock.instant());
                return new SummaryView(
                    tenant.value(),
                    s.counts(),
                    s.dueNextMinute(),
                    s.dueNextHour(),
                    s.oldestOverdueDueAt());
              } catch (SQLException e) {
                throw new IllegalStateException("summary query failed", e);
              }
            },
            blocking);
    return onSuccess(view, v -> complete(StatusCodes.OK, v, Jackson.marshaller(mapper)));
  }
}
