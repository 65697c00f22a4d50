package dev.orchestrator.metrics;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /metrics} on the Pekko Management port, in the Prometheus text format. Registered in
 * management.conf under {@code pekko.management.http.routes}; Pekko Management creates it with the
 * actor system when it starts. Never on the public API port: meters reveal tenant ids and load.
 */
public final class MetricsRoutes extends AllDirectives implements ManagementRouteProvider {
  /** Prometheus text exposition format 0.0.4, which every Prometheus-compatible scraper reads. */
  public static final ContentType CONTENT_TYPE =
      ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final Metrics metrics;

  public MetricsRoutes(ExtendedActorSystem system) {
    this.metrics = Metrics.get(system);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    // The supplier runs per request, so every scrape reads the registry afresh.
    return path(
        "metrics",
        () ->
            get(
                () ->
                    complete(
                        HttpResponse.create()
                            .withEntity(
                                HttpEntities.create(
                                    CONTENT_TYPE,
                                    metrics
                                        .registry()
                                        .scrape()
                                        .getBytes(StandardCharsets.UTF_8))))));
  }
}
