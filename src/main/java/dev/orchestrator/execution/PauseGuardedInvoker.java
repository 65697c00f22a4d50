package dev.orchestrator.execution;

import dev.orchestrator.domain.AttemptOutcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds outgoing attempts while {@link PauseGuard} says this JVM just thawed from a long freeze,
 * and for good once this node was downed. Sits right before the HTTP client, so nothing already
 * queued above it slips out after a thaw.
 */
public final class PauseGuardedInvoker implements HttpInvoker, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PauseGuardedInvoker.class);
  private static final Duration TICK = Duration.ofMillis(100);

  private final HttpInvoker delegate;
  private final PauseGuard guard;
  private final ScheduledExecutorService timer;
  private volatile boolean holdingLogged;
  private volatile boolean downedLogged;

  public PauseGuardedInvoker(HttpInvoker delegate, PauseGuard guard) {
    this.delegate = delegate;
    this.guard = guard;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pause-guard");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(guard::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletionStage<AttemptOutcome> invoke(OutboundRequest request) {
    Duration wait = guard.waitBeforeSending();
    if (wait.isZero()) {
      holdingLogged = false;
      return delegate.invoke(request);
    }
    if (guard.downed()) {
      if (!downedLogged) {
        downedLogged = true;
        log.warn(
            "This node was downed: it sends no more attempts (its calls run on the other members)");
      }
    } else if (!holdingLogged) {
      holdingLogged = true;
      log.warn(
          "This JVM was frozen for {} ms; outgoing attempts wait at least {} ms and until every"
              + " member is reachable, in case the cluster downed this node meanwhile (it then exits"
              + " and its calls run elsewhere)",
          guard.lastPause().toMillis(),
          wait.toMillis());
    }
    var later = new CompletableFuture<AttemptOutcome>();
    timer.schedule(
        () -> invoke(request).whenComplete((o, e) -> complete(later, o, e)),
        wait.toNanos(),
        TimeUnit.NANOSECONDS);
    return later;
  }

  private static void complete(CompletableFuture<AttemptOutcome> f, AttemptOutcome o, Throwable e) {
    if (e != null) {
      f.completeExceptionally(e);
    } else {
      f.complete(o);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
