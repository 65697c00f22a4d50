package dev.orchestrator.http;

import dev.orchestrator.http.StorageFailures.Outcome;
import dev.orchestrator.storage.DatabaseHealth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Puts the database health in front of the routes that need the database: while the probe sees it
 * down they answer 503 at once (nothing sent, nothing stored) rather than after the journal's or
 * the pool's timeouts, and a write already waiting gives up when the outage is noticed.
 */
public final class StorageGate extends AllDirectives {
  private final DatabaseHealth health;
  private final ProblemResponses problems;

  public StorageGate(DatabaseHealth health, ProblemResponses problems) {
    this.health = health;
    this.problems = problems;
  }

  /** {@code inner} while the database is up; 503 storage-unavailable (not applied) while down. */
  public Route guard(Supplier<Route> inner) {
    return health.isUp()
        ? inner.get()
        : complete(StorageFailures.response(problems, Outcome.NOT_APPLIED));
  }

  /**
   * {@code write} as it completes, or failed with {@link StorageFailures.Unavailable} (outcome
   * unknown: it may have reached the database) as soon as the database is seen down, if sooner.
   */
  public <T> CompletionStage<T> raceWithOutage(CompletionStage<T> write) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable release =
        health.onDown(
            () -> result.completeExceptionally(new StorageFailures.Unavailable(Outcome.UNKNOWN)));
    write.whenComplete(
        (value, error) -> {
          release.run();
          if (error != null) {
            result.completeExceptionally(error);
          } else {
            result.complete(value);
          }
        });
    return result;
  }

  public boolean databaseUp() {
    return health.isUp();
  }
}
