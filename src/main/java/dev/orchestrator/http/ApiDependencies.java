package dev.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.projection.JournalPosition;
import dev.orchestrator.projection.ServiceCallQueries;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.tracing.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * What the tenant API ({@link ServiceCallRoutes}) is built from; {@code Node} fills it in.
 *
 * @param askTimeout how long a request waits for a call's entity
 * @param blocking where JDBC and validation run, off the HTTP dispatcher
 * @param onAccepted told of every newly created call (metrics)
 * @param journal where a write's consistency token is read
 * @param tracing the submit's server span, when tracing is on
 */
public record ApiDependencies(
    ClusterSharding sharding,
    ServiceCallQueries queries,
    ApiKeys keys,
    SubmitRequestValidator validator,
    ObjectMapper mapper,
    Duration askTimeout,
    Executor blocking,
    Clock clock,
    long maxBodyBytes,
    HeaderCipher cipher,
    SubmitLimits limits,
    Consumer<TenantId> onAccepted,
    ObservabilityRoutes observability,
    StorageGate gate,
    EventStreamRoutes events,
    ReadModelFreshness freshness,
    JournalPosition journal,
    Tracing tracing) {}
