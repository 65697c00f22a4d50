package dev.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.Redaction;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.subscription.EventSubscription;
import dev.orchestrator.subscription.SubscriptionStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code PUT|GET|DELETE /api/v1/tenants/{tenant}/event-subscription}: the tenant's one event
 * subscription. Its URL passes the egress policy of call targets; sensitive header values are
 * sealed before they are stored and masked whenever shown. Deliveries are made by {@code
 * SubscriptionOutlet}.
 */
public final class EventSubscriptionRoutes extends AllDirectives {
  /** The subscription as shown: sensitive header values masked. */
  public record View(
      String tenantId,
      String url,
      List<String> eventTypes,
      Map<String, String> headers,
      long afterOffset,
      Instant createdAt,
      Instant updatedAt) {
    static View of(EventSubscription s) {
      return new View(
          s.tenant().value(),
          s.url(),
          s.eventTypes(),
          Redaction.headers(s.headers()),
          s.afterOffset(),
          s.createdAt(),
          s.updatedAt());
    }
  }

  private final SubscriptionStore store;
  private final EventSubscriptionValidator validator;
  private final HeaderCipher cipher;
  private final ObjectMapper mapper;
  private final ProblemResponses problems;
  private final JsonEntity json;
  private final Executor blocking;
  private final Clock clock;
  private final StorageGate gate;

  public EventSubscriptionRoutes(
      SubscriptionStore store,
      Function<String, Optional<String>> destinationCheck,
      HeaderCipher cipher,
      ObjectMapper mapper,
      Executor blocking,
      Clock clock,
      long maxBodyBytes,
      StorageGate gate) {
    this.store = store;
    this.validator = new EventSubscriptionValidator(destinationCheck);
    this.cipher = cipher;
    this.mapper = mapper;
    this.problems = new ProblemResponses(mapper);
    this.json = new JsonEntity(mapper, problems, maxBodyBytes);
    this.blocking = blocking;
    this.clock = clock;
    this.gate = gate;
  }

  Route routes(TenantId tenant) {
    return concat(
        put(() -> gate.guard(() -> json.as(EventSubscriptionRequest.class, b -> put(tenant, b)))),
        get(() -> gate.guard(() -> read(tenant))),
        delete(() -> gate.guard(() -> remove(tenant))));
  }

  /** What a PUT did: stored it, or found these errors. */
  private record PutResult(SubscriptionStore.Stored stored, List<Problem.FieldError> errors) {}

  private Route put(TenantId tenant, EventSubscriptionRequest body) {
    // On the blocking pool: the egress check may resolve the host name.
    var result =
        CompletableFuture.supplyAsync(
            () -> {
              var v = validator.validate(body);
              if (!v.errors().isEmpty()) {
                return new PutResult(null, v.errors());
              }
              // Sealed before it is stored: the plaintext of a credential never reaches the table.
              var sealed =
                  cipher.seal(
                      EventSubscription.sealedFor(tenant),
                      new CallRequest("POST", v.url(), v.headers(), null));
              try {
                return new PutResult(
                    store.put(tenant, v.url(), v.eventTypes(), sealed.headers(), clock.instant()),
                    List.of());
              } catch (SQLException e) {
                throw new IllegalStateException("storing the event subscription failed", e);
              }
            },
            blocking);
    return onSuccess(
        result,
        r -> {
          if (r.stored() == null) {
            return complete(problems.render(Problem.validation(r.errors())));
          }
          var view = View.of(r.stored().subscription());
          if (!r.stored().created()) {
            return complete(StatusCodes.OK, view, Jackson.marshaller(mapper));
          }
          return respondWithHeader(
              Location.create(location(tenant)),
              () -> complete(StatusCodes.CREATED, view, Jackson.marshaller(mapper)));
        });
  }

  private Route read(TenantId tenant) {
    return onSuccess(
        query(() -> store.get(tenant)),
        s ->
            s.isPresent()
                ? complete(StatusCodes.OK, View.of(s.get()), Jackson.marshaller(mapper))
                : complete(problems.notFound()));
  }

  private Route remove(TenantId tenant) {
    return onSuccess(
        query(() -> store.delete(tenant)),
        deleted -> complete(deleted ? HttpResponse.create().withStatus(204) : problems.notFound()));
  }

  private interface Query<T> {
    T run() throws SQLException;
  }

  private <T> CompletableFuture<T> query(Query<T> q) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return q.run();
          } catch (SQLException e) {
            throw new IllegalStateException("event subscription query failed", e);
          }
        },
        blocking);
  }

  private static String location(TenantId tenant) {
    return "/api/v1/tenants/" + tenant.value() + "/event-subscription";
  }
}
