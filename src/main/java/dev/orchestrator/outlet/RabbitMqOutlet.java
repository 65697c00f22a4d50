package dev.orchestrator.outlet;

import dev.orchestrator.config.RabbitOutletSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Publishes the event stream to RabbitMQ: a cluster singleton that reads {@code tenant_events}
 * after its stored offset, publishes a batch, waits for the broker's confirms, and only then stores
 * the new offset. A crash between confirm and store repeats that batch (at-least-once); nothing is
 * skipped. While the broker is unreachable it retries with exponential backoff.
 */
public final class RabbitMqOutlet {
  public static final String NAME = "rabbitmq";

  private RabbitMqOutlet() {}

  /** Protocol; only its own messages. */
  public interface Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private record Published(int count, Throwable error) implements Command {}

  static Behavior<Command> create(
      OutletStore store,
      RabbitPublisher publisher,
      RabbitOutletSettings settings,
      Executor blocking) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  ctx.getLog()
                      .info(
                          "Publishing the event stream to {} exchange {}",
                          settings.safeAddress(),
                          settings.exchange());
                  timers.startSingleTimer(Tick.INSTANCE, Duration.ZERO);
                  return new RabbitMqOutlet.Running(
                          ctx, timers, store, publisher, settings, blocking)
                      .behavior(settings.minBackoff());
                }));
  }

  /** Convenience for wiring: the store and publisher from a data source and settings. */
  public static Behavior<Command> create(
      javax.sql.DataSource dataSource,
      RabbitOutletSettings settings,
      com.fasterxml.jackson.databind.ObjectMapper mapper,
      Executor blocking) {
    return create(
        new OutletStore(dataSource, NAME),
        new RabbitPublisher(settings, mapper),
        settings,
        blocking);
  }

  private record Running(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      OutletStore store,
      RabbitPublisher publisher,
      RabbitOutletSettings settings,
      Executor blocking) {

    Behavior<Command> behavior(Duration nextBackoff) {
      return Behaviors.receive(Command.class)
          .onMessageEquals(
              Tick.INSTANCE,
              () -> {
                ctx.pipeToSelf(
                    CompletableFuture.supplyAsync(this::publishOnce, blocking),
                    (count, error) -> new Published(count == null ? 0 : count, error));
                return Behaviors.same();
              })
          .onMessage(Published.class, p -> afterRound(p, nextBackoff))
          .onSignal(
              PostStop.class,
              s -> {
                publisher.close();
                return Behaviors.same();
              })
          .build();
    }

    private Behavior<Command> afterRound(Published p, Duration backoff) {
      if (p.error() != null) {
        Throwable cause = p.error().getCause() != null ? p.error().getCause() : p.error();
        ctx.getLog()
            .warn(
                "Event outlet to {} failed, retrying in {} ms: {}",
                settings.safeAddress(),
                backoff.toMillis(),
                cause.toString());
        timers.startSingleTimer(Tick.INSTANCE, backoff);
        Duration next = backoff.multipliedBy(2);
        return behavior(next.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : next);
      }
      // A full batch means more is waiting: go on at once; otherwise poll.
      timers.startSingleTimer(
          Tick.INSTANCE,
          p.count() >= settings.batchSize() ? Duration.ZERO : settings.pollInterval());
      return behavior(settings.minBackoff());
    }

    private int publishOnce() {
      try {
        long offset = store.offset();
        var events = store.after(offset, settings.batchSize());
        if (events.isEmpty()) {
          return 0;
        }
        publisher.publish(events);
        store.store(events.get(events.size() - 1).offset());
        return events.size();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }
}
