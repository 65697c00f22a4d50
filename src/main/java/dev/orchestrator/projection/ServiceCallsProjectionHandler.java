package dev.orchestrator.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.entity.ServiceCallEvent;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Applies a group of journal events to the read model inside the projection's transaction, which
 * also stores the offset: the read model and the offset can never disagree.
 */
public final class ServiceCallsProjectionHandler
    extends JdbcHandler<List<EventEnvelope<ServiceCallEvent>>, PooledJdbcSession> {
  private final ReadModelWriter writer;

  public ServiceCallsProjectionHandler(ObjectMapper mapper) {
    this.writer = new ReadModelWriter(mapper);
  }

  @Override
  public void process(PooledJdbcSession session, List<EventEnvelope<ServiceCallEvent>> envelopes)
      throws Exception {
    session.withConnection(
        connection -> {
          for (EventEnvelope<ServiceCallEvent> envelope : envelopes) {
            writer.apply(connection, envelope.event(), envelope.sequenceNr());
          }
          return null;
        });
  }
}
