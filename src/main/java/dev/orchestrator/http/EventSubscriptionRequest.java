package dev.orchestrator.http;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT …/event-subscription}: where to POST the tenant's events, which types
 * (absent or empty: all) and extra headers to send with each (sensitive ones sealed at rest).
 */
public record EventSubscriptionRequest(
    String url, List<String> eventTypes, Map<String, String> headers) {}
