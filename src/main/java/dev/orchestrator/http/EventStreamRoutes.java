package dev.orchestrator.http;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.projection.EventStreamQueries;
import dev.orchestrator.projection.EventStreamQueries.StoredEvent;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /api/v1/tenants/{tenant}/events}: the tenant's lifecycle events in offset order, as
 * JSON pages ({@code ?after=&limit=}) or, with {@code Accept: text/event-stream}, as Server-Sent
 * Events that follow new events as they are projected and resume from {@code Last-Event-ID}.
 * Delivery is at-least-once: a consumer stores the last offset it processed and resumes after it.
 */
public final class EventStreamRoutes extends AllDirectives {
  /** One event as served. {@code data} is embedded as stored (JSON). */
  public record EventView(
      long offset,
      String type,
      String serviceCallId,
      Instant occurredAt,
      @JsonRawValue String data) {
    static EventView of(StoredEvent e) {
      return new EventView(e.offset(), e.type(), e.serviceCallId(), e.occurredAt(), e.dataJson());
    }
  }

  /** A page; {@code next} is the offset to pass as {@code after} for the following page. */
  public record Page(List<EventView> events, long next) {}

  private final EventStreamQueries queries;
  private final ObjectMapper mapper;
  private final ProblemResponses problems;
  private final Executor blocking;
  private final Duration pollInterval;
  private final int maxStreams;
  private final AtomicInteger openStreams = new AtomicInteger();
  private final ReadModelFreshness freshness;

  public EventStreamRoutes(
      EventStreamQueries queries,
      ObjectMapper mapper,
      Executor blocking,
      Duration pollInterval,
      int maxStreams,
      ReadModelFreshness freshness) {
    this.freshness = freshness;
    this.queries = queries;
    this.mapper = mapper;
    this.problems = new ProblemResponses(mapper);
    this.blocking = blocking;
    this.pollInterval = pollInterval;
    this.maxStreams = maxStreams;
  }

  Route events(TenantId tenant) {
    return get(
        () ->
            parameterMap(
                params ->
                    optionalHeaderValueByName(
                        "Last-Event-ID",
                        lastEventId -> {
                          var parsed = EventStreamParams.parse(params, lastEventId);
                          if (parsed.problem() != null) {
                            return complete(problems.render(parsed.problem()));
                          }
                          // Parameters first: a bad one is refused without waiting.
                          return freshness.serve(
                              () ->
                                  extractRequest(
                                      request ->
                                          wantsEventStream(request.getHeaders())
                                              ? stream(tenant, parsed.value())
                                              : page(tenant, parsed.value())));
                        })));
  }

  private static boolean wantsEventStream(Iterable<HttpHeader> headers) {
    for (HttpHeader h : headers) {
      if (h.is("accept")
          && h.value().toLowerCase(java.util.Locale.ROOT).contains("text/event-stream")) {
        return true;
      }
    }
    return false;
  }

  private Route page(TenantId tenant, EventStreamParams p) {
    CompletionStage<Page> page =
        read(tenant, p.after(), p.limit())
            .thenApply(
                rows ->
                    new Page(
                        rows.stream().map(EventView::of).toList(),
                        rows.isEmpty() ? p.after() : rows.get(rows.size() - 1).offset()));
    return onSuccess(page, v -> complete(StatusCodes.OK, v, Jackson.marshaller(mapper)));
  }

  private Route stream(TenantId tenant, EventStreamParams p) {
    if (openStreams.get() >= maxStreams) {
      return respondWithHeader(
          RetryAfter.create(5L),
          () ->
              complete(
                  problems.render(
                      Problem.of(
                          "too-many-streams",
                          "Too many event streams",
                          503,
                          "this node serves at most "
                              + maxStreams
                              + " event streams; retry later or page with ?after="))));
    }
    AtomicLong cursor = new AtomicLong(p.after());
    Source<ServerSentEvent, NotUsed> events =
        Source.tick(Duration.ZERO, pollInterval, NotUsed.notUsed())
            .mapAsync(1, tick -> read(tenant, cursor.get(), p.limit()))
            .mapConcat(
                rows -> {
                  if (!rows.isEmpty()) {
                    cursor.set(rows.get(rows.size() - 1).offset());
                  }
                  return rows;
                })
            .map(this::toSse)
            .keepAlive(Duration.ofSeconds(15), ServerSentEvent::heartbeat)
            .watchTermination(
                (tick, done) -> {
                  openStreams.incrementAndGet();
                  done.whenComplete((d, t) -> openStreams.decrementAndGet());
                  return NotUsed.notUsed();
                });
    return completeOK(events, EventStreamMarshalling.toEventStream());
  }

  private ServerSentEvent toSse(StoredEvent e) {
    try {
      return ServerSentEvent.create(
          mapper.writeValueAsString(EventView.of(e)), e.type(), Long.toString(e.offset()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException("event not serializable", ex);
    }
  }

  private CompletionStage<List<StoredEvent>> read(TenantId tenant, long after, int limit) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return queries.page(tenant.value(), after, limit);
          } catch (SQLException e) {
            throw new IllegalStateException("event stream query failed", e);
          }
        },
        blocking);
  }
}
