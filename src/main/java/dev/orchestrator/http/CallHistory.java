package dev.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.domain.RequestView;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.entity.ServiceCallEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A call's journal as the history API shows it: every event in journal order with its sequence
 * number, read straight from the journal (not the read model) so it is the provenance itself. The
 * request in {@code ServiceCallScheduled} is shown as {@link RequestView}: sensitive headers,
 * sealed at rest, are masked and the body is cut to a snippet, exactly as in the call resource.
 */
public final class CallHistory {
  /**
   * Upper bound on events read per request. A call has at most about two events per attempt (100
   * attempts at most) plus a few, so this is never reached in practice; it only keeps a corrupt or
   * hostile journal from building an unbounded response.
   */
  static final int MAX_EVENTS = 1000;

  /** The history resource. */
  public record View(String serviceCallId, List<JsonNode> events) {}

  private final ActorSystem<?> system;
  private final JdbcReadJournal journal;
  private final ObjectMapper mapper;

  public CallHistory(ActorSystem<?> system, ObjectMapper mapper) {
    this.system = system;
    this.journal =
        PersistenceQuery.get(Adapter.toClassic(system))
            .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    // Durations (retry backoffs, timeout) as ISO-8601, the form the submit body takes them in,
    // rather than Jackson's default decimal seconds. A copy: the API's shared mapper is unchanged.
    this.mapper = mapper.copy().disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
  }

  /** The call's events rendered in journal order; empty when the journal has none for it. */
  public CompletionStage<Optional<View>> read(ServiceCallId id) {
    String persistenceId =
        PersistenceId.of(ServiceCallEntity.ENTITY_TYPE_KEY.name(), id.entityId()).id();
    return journal
        .currentEventsByPersistenceId(persistenceId, 0L, Long.MAX_VALUE)
        .take(MAX_EVENTS)
        .filter(env -> env.event() instanceof ServiceCallEvent)
        .runWith(Sink.seq(), system)
        .thenApply(
            envelopes -> {
              if (envelopes.isEmpty()) {
                return Optional.empty();
              }
              var due = new DueTimes();
              List<JsonNode> events = new ArrayList<>(envelopes.size());
              for (var env : envelopes) {
                var event = (ServiceCallEvent) env.event();
                ObjectNode rendered = render(env.sequenceNr(), event);
                due.lateness(event).ifPresent(late -> rendered.put("latenessMs", late.toMillis()));
                events.add(rendered);
              }
              return Optional.of(new View(id.callId(), List.copyOf(events)));
            });
  }

  /**
   * When each attempt could have started at the earliest, as the journal tells it: the due time (or
   * the acceptance, if that came later) for the first, the planned retry time for the others. The
   * same rule as the lateness metric. A resumed attempt re-runs a lost one and has no due time to
   * be late against.
   */
  static final class DueTimes {
    private Instant earliest;

    Optional<Duration> lateness(ServiceCallEvent event) {
      if (event instanceof ServiceCallEvent.ServiceCallScheduled s) {
        earliest = s.spec().dueAt().isAfter(s.at()) ? s.spec().dueAt() : s.at();
      } else if (event instanceof ServiceCallEvent.AttemptFailed f) {
        earliest = f.nextAttemptAt();
      } else if (event instanceof ServiceCallEvent.ExecutionStarted e
          && !e.resumed()
          && earliest != null) {
        Duration late = Duration.between(earliest, e.at());
        return Optional.of(late.isNegative() ? Duration.ZERO : late);
      }
      return Optional.empty();
    }
  }

  ObjectNode render(long seqNr, ServiceCallEvent event) {
    ObjectNode fields = mapper.valueToTree(event);
    // The response names the call once; an event's own copy would only repeat it.
    fields.remove("callId");
    if (event instanceof ServiceCallEvent.ServiceCallScheduled scheduled) {
      // Never the stored request: its sensitive header values are ciphertext (enc:v1:…).
      ((ObjectNode) fields.get("spec"))
          .set("request", mapper.valueToTree(RequestView.of(scheduled.spec().request())));
    }
    ObjectNode out = mapper.createObjectNode();
    out.put("seqNr", seqNr);
    out.put("type", event.getClass().getSimpleName());
    out.set("at", fields.remove("at"));
    out.setAll(fields);
    return out;
  }
}
