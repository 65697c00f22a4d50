package dev.orchestrator.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.domain.TraceContext;
import dev.orchestrator.domain.UuidV7;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.entity.Summary;
import dev.orchestrator.logging.CallMdc;
import dev.orchestrator.projection.ServiceCallQueries;
import dev.orchestrator.secrets.HeaderCipher;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tenants/{tenant}/service-calls}: submit, get, list, cancel, and (through {@link
 * ObservabilityRoutes}) a call's history and the tenant's summary. Writes and single reads go to
 * the call's entity (consistent); lists come from the read model. The tenant's event stream and
 * event subscription are mounted here too, below the same authentication.
 */
public final class ServiceCallRoutes extends AllDirectives {
  /** How long a GET waits for an entity while the database is down (live ones answer at once). */
  private static final Duration GET_WHILE_DOWN = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ServiceCallRoutes.class);
  private final ClusterSharding sharding;
  private final ServiceCallQueries queries;
  private final Authenticator auth;
  private final SubmitRequestValidator validator;
  private final ObjectMapper mapper;
  private final ProblemResponses problems;
  private final Duration askTimeout;
  private final Executor blocking;
  private final Clock clock;
  private final JsonEntity json;
  private final HeaderCipher cipher;
  private final SubmitLimits limits;
  private final Consumer<TenantId> onAccepted;
  private final ObservabilityRoutes observability;
  private final StorageGate gate;
  private final EventStreamRoutes events;
  private final EventSubscriptionRoutes subscriptions;

  public ServiceCallRoutes(
      ClusterSharding sharding,
      ServiceCallQueries queries,
      ApiKeys keys,
      SubmitRequestValidator validator,
      ObjectMapper mapper,
      Duration askTimeout,
      Executor blocking,
      Clock clock,
      long maxBodyBytes,
      HeaderCipher cipher,
      SubmitLimits limits,
      Consumer<TenantId> onAccepted,
      ObservabilityRoutes observability,
      StorageGate gate,
      EventStreamRoutes events,
      EventSubscriptionRoutes subscriptions) {
    this.sharding = sharding;
    this.queries = queries;
    this.validator = validator;
    this.mapper = mapper;
    this.problems = new ProblemResponses(mapper);
    this.auth = new Authenticator(keys, problems);
    this.askTimeout = askTimeout;
    this.blocking = blocking;
    this.clock = clock;
    this.json = new JsonEntity(mapper, problems, maxBodyBytes);
    this.cipher = cipher;
    this.limits = limits;
    this.onAccepted = onAccepted;
    this.observability = observability;
    this.gate = gate;
    this.events = events;
    this.subscriptions = subscriptions;
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
                                segment(),
                                tenant ->
                                    auth.tenant(
                                        tenant,
                                        t ->
                                            concat(
                                                pathPrefix("service-calls", () -> callRoutes(t)),
                                                path(
                                                    "summary",
                                                    () -> get(() -> observability.summary(t))),
                                                path(
                                                    "events",
                                                    () -> gate.guard(() -> events.events(t))),
                                                path(
                                                    "event-subscription",
                                                    () -> subscriptions.routes(t))))))));
  }

  private Route callRoutes(TenantId tenant) {
    return concat(
        pathEndOrSingleSlash(
            () -> concat(post(() -> submit(tenant)), get(() -> gate.guard(() -> list(tenant))))),
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

  private Route submit(TenantId tenant) {
    // Before the body is read: a refused submit costs no parsing and stores nothing.
    var refused = limits.admit(tenant, problems);
    if (refused.isPresent()) {
      return complete(refused.get());
    }
    // Database down: refuse before reading the body; nothing is sent to an entity.
    return gate.guard(() -> submitBody(tenant));
  }

  private Route submitBody(TenantId tenant) {
    return json.as(
        SubmitRequest.class,
        body ->
            optionalHeaderValueByName(
                "traceparent",
                traceparent ->
                    optionalHeaderValueByName(
                        "tracestate",
                        tracestate ->
                            onSuccess(
                                CompletableFuture.supplyAsync(
                                    () -> validator.validate(body), blocking),
                                result ->
                                    accept(
                                        tenant,
                                        result,
                                        trace(
                                            traceparent.orElse(null), tracestate.orElse(null)))))));
  }

  /**
   * The submit's W3C trace context; a missing or malformed traceparent starts a new trace instead
   * (the spec's advice to receivers), so a bad header never fails a submit.
   */
  private static TraceContext trace(String traceparent, String tracestate) {
    return TraceContext.parse(traceparent, tracestate)
        .orElseGet(() -> TraceContext.newTrace(ThreadLocalRandom.current()));
  }

  private Route accept(TenantId tenant, SubmitRequestValidator.Result result, TraceContext trace) {
    if (!result.errors().isEmpty()) {
      return complete(problems.render(Problem.validation(result.errors())));
    }
    var spec = result.spec().withTrace(trace);
    var id =
        spec.idempotencyKey() != null
            ? ServiceCallId.fromIdempotencyKey(tenant, spec.idempotencyKey())
            : new ServiceCallId(
                tenant, UuidV7.generate(clock.instant(), ThreadLocalRandom.current()).toString());
    // Sealed before the command exists: the plaintext never reaches an entity, journal or log.
    var sealed = cipher.seal(id, spec);
    return write(
        id,
        spec.correlationId(),
        r -> new ServiceCallCommand.Submit(sealed, r),
        s -> {
          if (s.created()) {
            limits.accepted(tenant);
            onAccepted.accept(tenant);
          }
          return respondWithHeader(
              Location.create(location(id)),
              () ->
                  complete(
                      s.created() ? StatusCodes.CREATED : StatusCodes.OK,
                      CallView.of(s, mapper),
                      Jackson.marshaller(mapper)));
        });
  }

  private Route getCall(ServiceCallId id) {
    if (!gate.databaseUp()) {
      // A live entity answers from memory in milliseconds; one that would first have to recover
      // from the unreachable journal cannot answer at all, so do not wait the full ask timeout.
      CompletionStage<Summary> reply =
          askEntity(id, ServiceCallCommand.Get::new, GET_WHILE_DOWN)
              .exceptionallyCompose(
                  e ->
                      CompletableFuture.failedFuture(
                          unwrap(e) instanceof TimeoutException
                              ? new StorageFailures.Unavailable(StorageFailures.Outcome.NOT_APPLIED)
                              : e));
      return complete(id, null, reply, this::ok);
    }
    return ask(id, null, ServiceCallCommand.Get::new, this::ok);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private Route cancel(ServiceCallId id) {
    return write(
        id,
        null,
        r -> new ServiceCallCommand.Cancel("cancelled by client", id.tenant().value(), r),
        this::ok);
  }

  private Route list(TenantId tenant) {
    return parameterMap(
        params -> {
          var parsed = ListQueryParser.parse(tenant, params);
          if (parsed.problem() != null) {
            return complete(problems.render(parsed.problem()));
          }
          CompletionStage<CallView.Page> page =
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      var p = queries.list(parsed.value());
                      return new CallView.Page(
                          p.rows().stream().map(r -> CallView.of(r, mapper)).toList(),
                          p.nextCursor());
                    } catch (java.sql.SQLException e) {
                      throw new IllegalStateException("list query failed", e);
                    }
                  },
                  blocking);
          return onSuccess(page, p -> complete(StatusCodes.OK, p, Jackson.marshaller(mapper)));
        });
  }

  private Route ok(Summary s) {
    return complete(StatusCodes.OK, CallView.of(s, mapper), Jackson.marshaller(mapper));
  }

  private Route ask(
      ServiceCallId id,
      String correlationId,
      Function<ActorRef<StatusReply<Summary>>, ServiceCallCommand> command,
      Function<Summary, Route> onOk) {
    return complete(id, correlationId, askEntity(id, command), onOk);
  }

  // A write gives up as soon as the database is seen down (503, outcome unknown); a read (GET)
  // does not: a live entity answers from memory even while the database is away.
  private Route write(
      ServiceCallId id,
      String correlationId,
      Function<ActorRef<StatusReply<Summary>>, ServiceCallCommand> command,
      Function<Summary, Route> onOk) {
    return complete(id, correlationId, gate.raceWithOutage(askEntity(id, command)), onOk);
  }

  private CompletionStage<Summary> askEntity(
      ServiceCallId id, Function<ActorRef<StatusReply<Summary>>, ServiceCallCommand> command) {
    return askEntity(id, command, askTimeout);
  }

  private CompletionStage<Summary> askEntity(
      ServiceCallId id,
      Function<ActorRef<StatusReply<Summary>>, ServiceCallCommand> command,
      Duration timeout) {
    return sharding
        .entityRefFor(ServiceCallEntity.ENTITY_TYPE_KEY, id.entityId())
        .askWithStatus(command::apply, timeout);
  }

  private Route complete(
      ServiceCallId id,
      String correlationId,
      CompletionStage<Summary> reply,
      Function<Summary, Route> onOk) {
    return onComplete(
        reply,
        t -> {
          if (t.isSuccess()) {
            return onOk.apply(t.get());
          }
          Throwable error = t.failed().get();
          if (!(error instanceof StatusReply.ErrorMessage)) {
            // A rejection is the client's business; anything else (a timeout) is worth a line,
            // with the call's MDC although this runs on no actor.
            try (var mdc = CallMdc.open(id, correlationId)) {
              log.warn("Call entity did not answer: {}", error.getClass().getSimpleName());
            }
          }
          return complete(EntityReplies.failure(problems, error));
        });
  }

  private static String location(ServiceCallId id) {
    return "/api/v1/tenants/" + id.tenant().value() + "/service-calls/" + id.callId();
  }
}
