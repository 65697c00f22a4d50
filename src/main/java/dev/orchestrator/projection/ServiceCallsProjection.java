package dev.orchestrator.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.config.ProjectionSettings;
import dev.orchestrator.entity.ServiceCallEvent;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Runs one grouped, exactly-once projection per tag, spread over the cluster as a sharded daemon
 * process, keeping {@code service_calls} in step with the journal.
 */
public final class ServiceCallsProjection {
  public static final String NAME = "service-calls";

  private ServiceCallsProjection() {}

  public static void init(
      ActorSystem<?> system,
      DataSource dataSource,
      ObjectMapper mapper,
      int tagCount,
      ProjectionSettings settings,
      Clock clock) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            NAME + "-projection",
            tagCount,
            i ->
                ProjectionBehavior.create(
                    create(system, dataSource, mapper, "service-call-" + i, settings, clock)),
            ProjectionBehavior.stopMessage());
  }

  private static org.apache.pekko.projection.Projection<EventEnvelope<ServiceCallEvent>> create(
      ActorSystem<?> system,
      DataSource dataSource,
      ObjectMapper mapper,
      String tag,
      ProjectionSettings settings,
      Clock clock) {
    SourceProvider<Offset, EventEnvelope<ServiceCallEvent>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
    return JdbcProjection.groupedWithin(
            ProjectionId.of(NAME, tag),
            source,
            () -> new PooledJdbcSession(dataSource),
            () -> new ServiceCallsProjectionHandler(mapper, clock),
            system)
        .withGroup(settings.groupAfterEnvelopes(), settings.groupAfterDuration());
  }
}
