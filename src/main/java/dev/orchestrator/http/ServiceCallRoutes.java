package dev.orchestrator.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.entity.Summary;
import dev.orchestrator.projection.ListQuery;
import dev.orchestrator.projection.ServiceCallQueries;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /api/v1/tenants/{tenant}/…}: submit ({@link SubmitRoute}), get, list and cancel calls, and
 * (through {@link ObservabilityRoutes} and {@link EventStreamRoutes}) a call's history, the
 * tenant's summary and event stream. Writes and single reads go to the call's entity (consistent);
 * list, summary and events come from the read model and say how fresh it is ({@link
 * ReadModelFreshness}).
 */
public final class ServiceCallRoutes extends AllDirectives {
  /** How long a GET waits for an entity while the database is down (live ones answer at once). */
  private static final Duration GET_WHILE_DOWN = Duration.ofSeconds(1);

  private final ServiceCallQueries queries;
  private final Authenticator auth;
  private final ObjectMapper mapper;
  private final ProblemResponses problems;
  private final Executor blocking;
  private final ObservabilityRoutes observability;
  private final StorageGate gate;
  private final EventStreamRoutes events;
  private final EntityAsks entities;
  private final SubmitRoute submit;
  private final ReadModelFreshness freshness;
  private final ConsistencyTokens tokens;
  private final EventSubscriptionRoutes subscriptions;

  public ServiceCallRoutes(ApiDependencies d, EventSubscriptionRoutes subscriptions) {
    this.subscriptions = subscriptions;
    this.queries = d.queries();
    this.mapper = d.mapper();
    this.problems = new ProblemResponses(mapper);
    this.auth = new Authenticator(d.keys(), problems);
    this.blocking = d.blocking();
    this.gate = d.gate();
    this.freshness = d.freshness();
    this.tokens = new ConsistencyTokens(d.journal(), d.blocking());
    this.entities = new EntityAsks(d.sharding(), d.askTimeout(), problems, gate);
    this.submit =
        new SubmitRoute(
            entities,
            d.validator(),
            mapper,
            d.blocking(),
            d.clock(),
            d.maxBodyBytes(),
            d.cipher(),
            d.limits(),
            d.onAccepted(),
            gate,
            tokens,
            d.tracing());
    this.observability = d.observability();
    this.events = d.events();
  }

  public Route routes() {
    return pathPrefix(
        "api",
        () ->
            pathPrefix(
                "v1",
                () ->
                    pathPrefix(
                        "tenants",
                        () ->
                            pathPrefix(
                                segment(), tenant -> auth.tenant(tenant, this::tenantRoutes)))));
  }

  private Route tenantRoutes(TenantId t) {
    return concat(
        pathPrefix("service-calls", () -> callRoutes(t)),
        path("summary", () -> get(() -> observability.summary(t))),
        path("events", () -> gate.guard(() -> events.events(t))),
        path("event-subscription", () -> subscriptions.routes(t)));
  }

  private Route callRoutes(TenantId tenant) {
    return concat(
        pathEndOrSingleSlash(
            () ->
                concat(
                    post(() -> submit.submit(tenant)), get(() -> gate.guard(() -> list(tenant))))),
        pathPrefix(
            segment(),
            callId -> {
              if (!ServiceCallId.isValidCallId(callId)) {
                return complete(problems.notFound());
              }
              var id = new ServiceCallId(tenant, callId);
              return concat(
                  pathEnd(() -> get(() -> getCall(id))),
                  path("cancel", () -> post(() -> gate.guard(() -> cancel(id)))),
                  path("history", () -> get(() -> observability.history(id))));
            }));
  }

  private Route getCall(ServiceCallId id) {
    if (!gate.databaseUp()) {
      // A live entity answers from memory in milliseconds; one that would first have to recover
      // from the unreachable journal cannot answer at all, so do not wait the full ask timeout.
      CompletionStage<Summary> reply =
          entities
              .ask(id, ServiceCallCommand.Get::new, GET_WHILE_DOWN)
              .exceptionallyCompose(
                  e ->
                      CompletableFuture.failedFuture(
                          unwrap(e) instanceof TimeoutException
                              ? new StorageFailures.Unavailable(StorageFailures.Outcome.NOT_APPLIED)
                              : e));
      return entities.complete(id, null, reply, this::ok);
    }
    return entities.complete(id, null, entities.ask(id, ServiceCallCommand.Get::new), this::ok);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private Route cancel(ServiceCallId id) {
    return entities.write(
        id,
        null,
        r -> new ServiceCallCommand.Cancel("cancelled by client", id.tenant().value(), r),
        s -> tokens.withToken(id, () -> ok(s)));
  }

  private Route list(TenantId tenant) {
    return parameterMap(
        params -> {
          var parsed = ListQueryParser.parse(tenant, params);
          if (parsed.problem() != null) {
            return complete(problems.render(parsed.problem()));
          }
          // Parameters first: a bad one is refused without waiting for consistentWith.
          return freshness.serve(() -> query(parsed.value()));
        });
  }

  private Route query(ListQuery query) {
    CompletionStage<CallView.Page> page =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                var p = queries.list(query);
                return new CallView.Page(
                    p.rows().stream().map(r -> CallView.of(r, mapper)).toList(), p.nextCursor());
              } catch (java.sql.SQLException e) {
                throw new IllegalStateException("list query failed", e);
              }
            },
            blocking);
    return onSuccess(page, p -> complete(StatusCodes.OK, p, Jackson.marshaller(mapper)));
  }

  private Route ok(Summary s) {
    return complete(StatusCodes.OK, CallView.of(s, mapper), Jackson.marshaller(mapper));
  }
}
