package dev.orchestrator.http;

import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.entity.Summary;
import dev.orchestrator.logging.CallMdc;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a call's entity and turns its answer into a route: the reply on success, the matching
 * problem on a rejection or timeout ({@link EntityReplies}). Shared by submit and the call routes.
 */
final class EntityAsks extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(EntityAsks.class);

  /** A command to the entity, given the ref its reply goes to. */
  interface Command extends Function<ActorRef<StatusReply<Summary>>, ServiceCallCommand> {}

  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final ProblemResponses problems;
  private final StorageGate gate;

  EntityAsks(
      ClusterSharding sharding, Duration askTimeout, ProblemResponses problems, StorageGate gate) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
    this.problems = problems;
    this.gate = gate;
  }

  CompletionStage<Summary> ask(ServiceCallId id, Command command) {
    return ask(id, command, askTimeout);
  }

  CompletionStage<Summary> ask(ServiceCallId id, Command command, Duration timeout) {
    return sharding
        .entityRefFor(ServiceCallEntity.ENTITY_TYPE_KEY, id.entityId())
        .askWithStatus(command::apply, timeout);
  }

  // A write gives up as soon as the database is seen down (503, outcome unknown); a read (GET)
  // does not: a live entity answers from memory even while the database is away.
  Route write(
      ServiceCallId id, String correlationId, Command command, Function<Summary, Route> onOk) {
    return complete(id, correlationId, gate.raceWithOutage(ask(id, command)), onOk);
  }

  Route complete(
      ServiceCallId id,
      String correlationId,
      CompletionStage<Summary> reply,
      Function<Summary, Route> onOk) {
    return onComplete(
        reply,
        t -> {
          if (t.isSuccess()) {
            return onOk.apply(t.get());
          }
          Throwable error = t.failed().get();
          if (!(error instanceof StatusReply.ErrorMessage)) {
            // A rejection is the client's business; anything else (a timeout) is worth a line,
            // with the call's MDC although this runs on no actor.
            try (var mdc = CallMdc.open(id, correlationId)) {
              log.warn("Call entity did not answer: {}", error.getClass().getSimpleName());
            }
          }
          return complete(EntityReplies.failure(problems, error));
        });
  }
}
