package dev.orchestrator.outlet;

import dev.orchestrator.config.OutletPacing;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The loop every outlet of the event stream runs as a cluster singleton: one round at a time on the
 * blocking executor (read events after the stored offset, hand them on, and only then store the new
 * offset), at once again after a full batch, after the poll interval when caught up, and with
 * doubling backoff after a failed round. A crash between hand-over and offset store repeats that
 * round: at-least-once, nothing skipped.
 */
public final class OutletLoop {
  private OutletLoop() {}

  /** One round of an outlet. Runs on a blocking thread; never two at once. */
  public interface Round extends AutoCloseable {
    /**
     * @return how many events of the stream the round consumed; a full batch means more is waiting
     */
    int run() throws Exception;

    /** Releases what the rounds hold (connections); called when the singleton stops. */
    @Override
    default void close() {}
  }

  /** Protocol; only the loop's own messages. */
  public interface Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private record RoundDone(int count, Throwable error) implements Command {}

  /**
   * @param description what the outlet delivers to, for its log lines (never credentials)
   */
  public static Behavior<Command> create(
      String description, Round round, OutletPacing pacing, Executor blocking) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  ctx.getLog().info("Delivering the event stream to {}", description);
                  timers.startSingleTimer(Tick.INSTANCE, Duration.ZERO);
                  return new Running(ctx, timers, description, round, pacing, blocking)
                      .behavior(pacing.minBackoff());
                }));
  }

  private record Running(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      String description,
      Round round,
      OutletPacing pacing,
      Executor blocking) {

    Behavior<Command> behavior(Duration nextBackoff) {
      return Behaviors.receive(Command.class)
          .onMessageEquals(
              Tick.INSTANCE,
              () -> {
                ctx.pipeToSelf(
                    CompletableFuture.supplyAsync(this::runOnce, blocking),
                    (count, error) -> new RoundDone(count == null ? 0 : count, error));
                return Behaviors.same();
              })
          .onMessage(RoundDone.class, r -> afterRound(r, nextBackoff))
          .onSignal(
              PostStop.class,
              s -> {
                round.close();
                return Behaviors.same();
              })
          .build();
    }

    private Behavior<Command> afterRound(RoundDone r, Duration backoff) {
      if (r.error() != null) {
        Throwable cause = r.error().getCause() != null ? r.error().getCause() : r.error();
        ctx.getLog()
            .warn(
                "Event outlet to {} failed, retrying in {} ms: {}",
                description,
                backoff.toMillis(),
                cause.toString());
        timers.startSingleTimer(Tick.INSTANCE, backoff);
        return behavior(pacing.nextBackoff(backoff));
      }
      timers.startSingleTimer(
          Tick.INSTANCE, r.count() >= pacing.batchSize() ? Duration.ZERO : pacing.pollInterval());
      return behavior(pacing.minBackoff());
    }

    private int runOnce() {
      try {
        return round.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }
}
