package dev.orchestrator.projection;

import java.time.Instant;

/** One row of the {@code service_calls} read model; JSON columns are kept as JSON text. */
public record ServiceCallRow(
    String tenantId,
    String serviceCallId,
    String name,
    String status,
    String requestJson,
    Instant dueAt,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int attempts,
    Instant nextDueAt,
    String responseJson,
    String errorKind,
    String errorMessage,
    String tagsJson,
    String correlationId,
    String idempotencyKey) {}
