/**
 * SSRF egress guard for tenant-chosen URLs: URL rules, a denylist of special-purpose addresses
 * judged on raw bytes, the operator's allowlist ({@code OUTBOUND_ALLOW_HOSTS}) and a connect-time
 * {@link dev.orchestrator.egress.EgressGuard#vet} that returns the checked address. Pure Java: no
 * Pekko, no HTTP client; resolution goes through {@link dev.orchestrator.egress.HostResolver}.
 */
package dev.orchestrator.egress;
