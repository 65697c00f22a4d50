package dev.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Meters of the public API, applied around all its routes (outside error handling, so rejections
 * and failures are counted with the status the client got): request latency by route class and
 * status class, and submissions by result and reason.
 */
public final class ApiMetrics extends AllDirectives {
  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  private final MeterRegistry registry;
  // Registered on first use: most (route, status class) pairs never occur.
  private final Timer[][] requests = new Timer[RouteClass.values().length][STATUS_CLASSES.length];
  private final Counter[] submissions = new Counter[SubmitResult.values().length];

  ApiMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (SubmitResult r : SubmitResult.values()) {
      submissions[r.ordinal()] =
          Counter.builder("orchestrator.submissions")
              .description("Submit requests by result (accepted, repeated, rejected) and reason")
              .tag("result", r.result())
              .tag("reason", r.reason())
              .register(registry);
    }
  }

  public Route wrap(Route inner) {
    return extractRequest(
        request -> {
          long t0 = System.nanoTime();
          RouteClass route =
              RouteClass.of(request.method().value(), request.getUri().pathSegments());
          return mapResponse(
              response -> {
                record(route, response, System.nanoTime() - t0);
                return response;
              },
              () -> inner);
        });
  }

  private void record(RouteClass route, HttpResponse response, long nanos) {
    int status = response.status().intValue();
    int statusClass = Math.min(Math.max(status / 100 - 1, 0), STATUS_CLASSES.length - 1);
    timer(route, statusClass).record(nanos, TimeUnit.NANOSECONDS);
    if (route == RouteClass.SUBMIT) {
      boolean retryAfter = response.getHeader(RetryAfter.class).isPresent();
      submissions[SubmitResult.of(status, retryAfter).ordinal()].increment();
    }
  }

  private Timer timer(RouteClass route, int statusClass) {
    Timer t = requests[route.ordinal()][statusClass];
    if (t == null) {
      // Registration is idempotent in Micrometer, so a race only registers the same meter twice.
      t =
          Timer.builder("orchestrator.http.requests")
              .description("Public API requests by route class and status class")
              .tag("route", route.label())
              .tag("status", STATUS_CLASSES[statusClass])
              .serviceLevelObjectives(Buckets.HTTP)
              .register(registry);
      requests[route.ordinal()][statusClass] = t;
    }
    return t;
  }
}
