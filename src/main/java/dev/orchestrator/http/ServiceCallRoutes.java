package dev.orchestrator.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.domain.UuidV7;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.entity.Summary;
import dev.orchestrator.projection.ServiceCallQueries;
import dev.orchestrator.secrets.HeaderCipher;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.StatusReply;

/**
 * {@code /api/v1/tenants/{tenant}/service-calls}: submit, get, list, cancel, and (through {@link
 * ObservabilityRoutes}) a call's history and the tenant's summary. Writes and single reads go to
 * the call's entity (consistent); lists come from the read model.
 */
public final class ServiceCallRoutes extends AllDirectives {
  private final ClusterSharding sharding;
  private final ServiceCallQueries queries;
  private final Authenticator auth;
  private final SubmitRequestValidator validator;
  private final ObjectMapper mapper;
  private final ProblemResponses problems;
  private final Duration askTimeout;
  private final Executor blocking;
  private final Clock clock;
  private final long maxBodyBytes;
  private final HeaderCipher cipher;
  private final SubmitLimits limits;
  private final ObservabilityRoutes observability;
  private final EventStreamRoutes events;

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
      ObservabilityRoutes observability,
      EventStreamRoutes events) {
    this.sharding = sharding;
    this.queries = queries;
    this.validator = validator;
    this.mapper = mapper;
    this.problems = new ProblemResponses(mapper);
    this.auth = new Authenticator(keys, problems);
    this.askTimeout = askTimeout;
    this.blocking = blocking;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.cipher = cipher;
    this.limits = limits;
    this.observability = observability;
    this.events = events;
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
                                                path("events", () -> events.events(t))))))));
  }

  private Route callRoutes(TenantId tenant) {
    return concat(
        pathEndOrSingleSlash(() -> concat(post(() -> submit(tenant)), get(() -> list(tenant)))),
        pathPrefix(
            segment(),
            callId -> {
              if (!ServiceCallId.isValidCallId(callId)) {
                return complete(problems.notFound());
              }
              var id = new ServiceCallId(tenant, callId);
              return concat(
                  pathEnd(() -> get(() -> getCall(id))),
                  path("cancel", () -> post(() -> cancel(id))),
                  path("history", () -> get(() -> observability.history(id))));
            }));
  }

  private Route submit(TenantId tenant) {
    // Before the body is read: a refused submit costs no parsing and stores nothing.
    var refused = limits.admit(tenant, problems);
    if (refused.isPresent()) {
      return complete(refused.get());
    }
    return extractRequestEntity(
        entity -> {
          if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
            return complete(
                problems.render(
                    Problem.of(
                        "unsupported-media-type",
                        "Unsupported media type",
                        415,
                        "the body must be application/json")));
          }
          return withSizeLimit(
              maxBodyBytes,
              () ->
                  entity(
                      Unmarshaller.entityToByteString(),
                      bytes -> {
                        var parsed = JsonBody.parse(mapper, bytes.toArray(), SubmitRequest.class);
                        if (parsed.problem() != null) {
                          return complete(problems.render(parsed.problem()));
                        }
                        return onSuccess(
                            CompletableFuture.supplyAsync(
                                () -> validator.validate(parsed.value()), blocking),
                            result -> accept(tenant, result));
                      }));
        });
  }

  private Route accept(TenantId tenant, SubmitRequestValidator.Result result) {
    if (!result.errors().isEmpty()) {
      return complete(problems.render(Problem.validation(result.errors())));
    }
    var spec = result.spec();
    var id =
        spec.idempotencyKey() != null
            ? ServiceCallId.fromIdempotencyKey(tenant, spec.idempotencyKey())
            : new ServiceCallId(
                tenant, UuidV7.generate(clock.instant(), ThreadLocalRandom.current()).toString());
    // Sealed before the command exists: the plaintext never reaches an entity, journal or log.
    var sealed = cipher.seal(id, spec);
    return ask(
        id,
        r -> new ServiceCallCommand.Submit(sealed, r),
        s -> {
          if (s.created()) {
            limits.accepted(tenant);
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
    return ask(id, ServiceCallCommand.Get::new, this::ok);
  }

  private Route cancel(ServiceCallId id) {
    return ask(
        id,
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
      Function<ActorRef<StatusReply<Summary>>, ServiceCallCommand> command,
      Function<Summary, Route> onOk) {
    CompletionStage<Summary> reply =
        sharding
            .entityRefFor(ServiceCallEntity.ENTITY_TYPE_KEY, id.entityId())
            .askWithStatus(command::apply, askTimeout);
    return onComplete(
        reply,
        t ->
            t.isSuccess()
                ? onOk.apply(t.get())
                : complete(EntityReplies.failure(problems, t.failed().get())));
  }

  private static String location(ServiceCallId id) {
    return "/api/v1/tenants/" + id.tenant().value() + "/service-calls/" + id.callId();
  }
}
