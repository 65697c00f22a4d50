package dev.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.domain.UuidV7;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.tracing.SubmitSpan;
import dev.orchestrator.tracing.Tracing;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Complete;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;

/**
 * {@code POST /api/v1/tenants/{tenant}/service-calls}: admission limits, body checks, validation,
 * then the call's entity; 201 (or 200 for a repeat) with {@code Location} and a consistency token.
 */
final class SubmitRoute extends AllDirectives {
  private final EntityAsks entities;
  private final SubmitRequestValidator validator;
  private final ObjectMapper mapper;
  private final ProblemResponses problems;
  private final Executor blocking;
  private final Clock clock;
  private final JsonEntity body;
  private final HeaderCipher cipher;
  private final SubmitLimits limits;
  private final Consumer<TenantId> onAccepted;
  private final StorageGate gate;
  private final ConsistencyTokens tokens;
  private final Tracing tracing;

  SubmitRoute(
      EntityAsks entities,
      SubmitRequestValidator validator,
      ObjectMapper mapper,
      Executor blocking,
      Clock clock,
      long maxBodyBytes,
      HeaderCipher cipher,
      SubmitLimits limits,
      Consumer<TenantId> onAccepted,
      StorageGate gate,
      ConsistencyTokens tokens,
      Tracing tracing) {
    this.tracing = tracing;
    this.entities = entities;
    this.validator = validator;
    this.mapper = mapper;
    this.problems = new ProblemResponses(mapper);
    this.blocking = blocking;
    this.clock = clock;
    this.body = new JsonEntity(mapper, problems, maxBodyBytes);
    this.cipher = cipher;
    this.limits = limits;
    this.onAccepted = onAccepted;
    this.gate = gate;
    this.tokens = tokens;
  }

  Route submit(TenantId tenant) {
    return optionalHeaderValueByName(
        "traceparent",
        traceparent ->
            optionalHeaderValueByName(
                "tracestate",
                tracestate -> {
                  SubmitSpan span =
                      tracing.startSubmit(traceparent.orElse(null), tracestate.orElse(null));
                  return tracing.enabled()
                      ? mapRouteResultFuture(
                          result -> ended(result, span), () -> admit(tenant, span))
                      : admit(tenant, span);
                }));
  }

  private static CompletionStage<RouteResult> ended(
      CompletionStage<RouteResult> result, SubmitSpan span) {
    return result.whenComplete(
        (r, error) ->
            span.end(r instanceof Complete c ? c.getResponse().status().intValue() : null, error));
  }

  private Route admit(TenantId tenant, SubmitSpan span) {
    // Before the body is read: a refused submit costs no parsing and stores nothing.
    var refused = limits.admit(tenant, problems);
    if (refused.isPresent()) {
      return complete(refused.get());
    }
    // Database down: refuse before reading the body; nothing is sent to an entity.
    return gate.guard(() -> submitBody(tenant, span));
  }

  private Route submitBody(TenantId tenant, SubmitSpan span) {
    return body.as(
        SubmitRequest.class,
        request ->
            onSuccess(
                CompletableFuture.supplyAsync(() -> validator.validate(request), blocking),
                result -> accept(tenant, result, span)));
  }

  private Route accept(TenantId tenant, SubmitRequestValidator.Result result, SubmitSpan span) {
    if (!result.errors().isEmpty()) {
      return complete(problems.render(Problem.validation(result.errors())));
    }
    // The call's trace context: the client's, or with tracing on this submit's span.
    var spec = result.spec().withTrace(span.context());
    var id =
        spec.idempotencyKey() != null
            ? ServiceCallId.fromIdempotencyKey(tenant, spec.idempotencyKey())
            : new ServiceCallId(
                tenant, UuidV7.generate(clock.instant(), ThreadLocalRandom.current()).toString());
    span.identify(id);
    // Sealed before the command exists: the plaintext never reaches an entity, journal or log.
    var sealed = cipher.seal(id, spec);
    return entities.write(
        id,
        spec.correlationId(),
        r -> new ServiceCallCommand.Submit(sealed, r),
        s -> {
          if (s.created()) {
            limits.accepted(tenant);
            onAccepted.accept(tenant);
          }
          return tokens.withToken(
              id,
              () ->
                  respondWithHeader(
                      Location.create(location(id)),
                      () ->
                          complete(
                              s.created() ? StatusCodes.CREATED : StatusCodes.OK,
                              CallView.of(s, mapper),
                              Jackson.marshaller(mapper))));
        });
  }

  private static String location(ServiceCallId id) {
    return "/api/v1/tenants/" + id.tenant().value() + "/service-calls/" + id.callId();
  }
}
