package dev.orchestrator.http;

import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.projection.JournalPosition;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds {@value ReadModelFreshness#TOKEN_HEADER} to a write's response: the journal ordering of the
 * call's latest event, read after the entity confirmed the write (so it is committed). A read with
 * {@code ?consistentWith=} that token sees this write and every earlier one. Best effort: the write
 * already happened, so a failed lookup leaves the header out rather than failing the response.
 */
final class ConsistencyTokens extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ConsistencyTokens.class);

  private final JournalPosition journal;
  private final Executor blocking;

  ConsistencyTokens(JournalPosition journal, Executor blocking) {
    this.journal = journal;
    this.blocking = blocking;
  }

  Route withToken(ServiceCallId id, Supplier<Route> inner) {
    return onSuccess(
        lookup(id),
        token ->
            token.isPresent()
                ? respondWithHeader(
                    RawHeader.create(
                        ReadModelFreshness.TOKEN_HEADER, Long.toString(token.getAsLong())),
                    inner)
                : inner.get());
  }

  private CompletionStage<OptionalLong> lookup(ServiceCallId id) {
    String persistenceId =
        PersistenceId.of(ServiceCallEntity.ENTITY_TYPE_KEY.name(), id.entityId()).id();
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return journal.latest(persistenceId);
          } catch (SQLException e) {
            log.warn("consistency token lookup failed, answering without: {}", e.toString());
            return OptionalLong.empty();
          }
        },
        blocking);
  }
}
