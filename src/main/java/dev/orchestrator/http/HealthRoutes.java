package dev.orchestrator.http;

import dev.orchestrator.storage.DatabaseHealth;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Liveness (the process answers) and readiness (this node is a cluster member that is Up, so
 * sharding routes to it, and the database behind journal and read model answered its health probe,
 * see {@link DatabaseHealth}). Both are anonymous and reveal nothing but their status.
 */
public final class HealthRoutes extends AllDirectives {
  private final ActorSystem<?> system;
  private final DatabaseHealth database;

  public HealthRoutes(ActorSystem<?> system, DatabaseHealth database) {
    this.system = system;
    this.database = database;
  }

  public Route routes() {
    return pathPrefix(
        "health",
        () ->
            concat(
                path(
                    "live",
                    () ->
                        get(
                            () ->
                                complete(
                                    StatusCodes.OK, Map.of("status", "UP"), Jackson.marshaller()))),
                path("ready", () -> get(this::ready))));
  }

  private Route ready() {
    boolean memberUp = Cluster.get(system).selfMember().status() == MemberStatus.up();
    // The probe's last answer (at most health-interval old): readiness itself never waits on a
    // database that does not answer.
    boolean dbUp = database.isUp();
    boolean ready = memberUp && dbUp;
    var body =
        Map.of(
            "status", ready ? "UP" : "DOWN",
            "cluster", memberUp ? "UP" : "DOWN",
            "database", dbUp ? "UP" : "DOWN");
    return complete(
        ready ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, body, Jackson.marshaller());
  }
}
