package dev.orchestrator.http;

import dev.orchestrator.config.LimitSettings;
import dev.orchestrator.domain.TenantId;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * Admission of submits per tenant (OWASP API4): first the tenant's submit rate, then its cap on
 * pending calls. Decided from memory alone, before the body is read or anything is stored, so a
 * flooding tenant is cheap to refuse and other tenants' buckets and counts are untouched.
 */
public final class SubmitLimits {
  private static final Logger log = LoggerFactory.getLogger(SubmitLimits.class);

  private final LimitSettings settings;
  private final SubmitRateLimiter rates;
  private final PendingCallCounter pending;

  SubmitLimits(LimitSettings settings, TimeMeter time, Callable<Map<String, Long>> pendingQuery) {
    this.settings = settings;
    this.rates = new SubmitRateLimiter(settings, time);
    this.pending = new PendingCallCounter(pendingQuery);
  }

  /**
   * Limits whose pending counts are refreshed every {@code pending-refresh-interval} on {@code
   * blocking} until the service stops.
   *
   * @param pendingQuery pending calls by tenant id (blocking JDBC)
   */
  public static SubmitLimits start(
      ActorSystem<?> system,
      LimitSettings settings,
      Callable<Map<String, Long>> pendingQuery,
      Executor blocking) {
    var limits = new SubmitLimits(settings, TimeMeter.SYSTEM_NANOTIME, pendingQuery);
    // Fixed delay: a slow query never overlaps the next one.
    Cancellable task =
        system
            .scheduler()
            .scheduleWithFixedDelay(
                Duration.ZERO,
                settings.pendingRefresh(),
                limits::refreshQuietly,
                ExecutionContext.fromExecutor(blocking));
    // Stop before the read-model pool is closed, which happens late in coordinated shutdown.
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "stop-pending-call-counts",
            () -> {
              task.cancel();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return limits;
  }

  /** Why this submit must be refused now, or empty to go ahead; takes a rate token if admitted. */
  Optional<HttpResponse> admit(TenantId tenant, ProblemResponses problems) {
    LimitSettings.TenantLimits l = settings.forTenant(tenant.value());
    Optional<Duration> wait = rates.tryAcquire(tenant);
    if (wait.isPresent()) {
      // Whole seconds, rounded up and at least 1: a client retrying sooner would be refused again.
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      var problem =
          Problem.of(
              "rate-limited",
              "Too many requests",
              429,
              "more than "
                  + l.submitRate()
                  + " submits per second (bursts of "
                  + l.submitBurst()
                  + "); retry after "
                  + seconds
                  + " s");
      return Optional.of(problems.render(problem).addHeader(RetryAfter.create(seconds)));
    }
    if (pending.pending(tenant) >= l.maxPending()) {
      var problem =
          Problem.of(
              "quota-exceeded",
              "Quota exceeded",
              429,
              "at most "
                  + l.maxPending()
                  + " pending (scheduled or running) calls per tenant; submit again once some"
                  + " have finished or been cancelled");
      return Optional.of(problems.render(problem));
    }
    return Optional.empty();
  }

  /** A submit created a new call (not a repeat of an idempotent one). */
  void accepted(TenantId tenant) {
    pending.recordAccepted(tenant);
  }

  void refresh() throws Exception {
    pending.refresh();
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (Exception e) {
      // The last counts stay in force; the next run tries again.
      log.warn("pending-call counts not refreshed: {}", e.toString());
    }
  }
}
