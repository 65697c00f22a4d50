package dev.orchestrator.execution;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ServiceCallId;
import java.time.Duration;

/**
 * One attempt's request as the invoker must send it. {@code idempotencyKey} is the same for every
 * attempt and re-run of a call; {@code attempt} grows with each, so targets can de-duplicate and
 * fence stale attempts.
 */
public record OutboundRequest(
    ServiceCallId callId,
    CallRequest request,
    int attempt,
    String idempotencyKey,
    String correlationId,
    Duration timeout) {}
