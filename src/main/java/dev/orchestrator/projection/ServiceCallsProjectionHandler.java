package dev.orchestrator.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.entity.ServiceCallEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Applies a group of journal events to the read model and appends them to the tenant event stream,
 * inside the projection's transaction, which also stores the offset: read model, event stream and
 * offset can never disagree.
 */
public final class ServiceCallsProjectionHandler
    extends JdbcHandler<List<EventEnvelope<ServiceCallEvent>>, PooledJdbcSession> {
  private final ReadModelWriter writer;
  private final EventStreamWriter stream;
  private final Clock clock;

  public ServiceCallsProjectionHandler(ObjectMapper mapper, Clock clock) {
    this.writer = new ReadModelWriter(mapper);
    this.stream = new EventStreamWriter(mapper);
    this.clock = clock;
  }

  @Override
  public void process(PooledJdbcSession session, List<EventEnvelope<ServiceCallEvent>> envelopes)
      throws Exception {
    session.withConnection(
        connection -> {
          List<StreamEvent> events = new ArrayList<>(envelopes.size());
          for (EventEnvelope<ServiceCallEvent> envelope : envelopes) {
            writer.apply(connection, envelope.event(), envelope.sequenceNr());
            events.add(StreamEvent.of(envelope.event(), envelope.sequenceNr()));
          }
          // Last: its offset lock is then held only until the commit that follows.
          stream.append(connection, events, clock.instant());
          return null;
        });
  }
}
