package dev.orchestrator.outlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.config.RabbitOutletSettings;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Publishes the event stream to RabbitMQ: each round reads {@code tenant_events} after the stored
 * offset, publishes the batch, waits for the broker's confirms, and only then stores the new offset
 * ({@link OutletLoop}). While the broker is unreachable the loop retries with exponential backoff.
 */
public final class RabbitMqOutlet implements OutletLoop.Round {
  public static final String NAME = "rabbitmq";

  private final OutletStore store;
  private final RabbitPublisher publisher;
  private final int batchSize;

  RabbitMqOutlet(OutletStore store, RabbitPublisher publisher, int batchSize) {
    this.store = store;
    this.publisher = publisher;
    this.batchSize = batchSize;
  }

  /** The singleton's behavior: the store and publisher from a data source and settings. */
  public static Behavior<OutletLoop.Command> create(
      DataSource dataSource,
      RabbitOutletSettings settings,
      ObjectMapper mapper,
      Executor blocking) {
    var round =
        new RabbitMqOutlet(
            new OutletStore(dataSource, NAME),
            new RabbitPublisher(settings, mapper),
            settings.batchSize());
    return OutletLoop.create(
        settings.safeAddress() + " exchange " + settings.exchange(),
        round,
        settings.pacing(),
        blocking);
  }

  @Override
  public int run() throws Exception {
    long offset = store.offset();
    var events = store.after(offset, batchSize);
    if (events.isEmpty()) {
      return 0;
    }
    publisher.publish(events);
    store.store(events.get(events.size() - 1).offset());
    return events.size();
  }

  @Override
  public void close() {
    publisher.close();
  }
}
