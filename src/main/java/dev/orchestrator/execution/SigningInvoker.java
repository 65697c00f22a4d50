package dev.orchestrator.execution;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.CallRequest;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Adds Standard Webhooks signature headers to every attempt of a tenant that has a signing secret,
 * then delegates. {@code webhook-id} is the call's idempotency key (stable across attempts and
 * re-runs) and {@code webhook-timestamp} this attempt's clock second; other tenants go unsigned.
 */
public final class SigningInvoker implements HttpInvoker {
  private static final Set<String> RESERVED =
      Set.of(WebhookSigner.ID, WebhookSigner.TIMESTAMP, WebhookSigner.SIGNATURE);

  private final HttpInvoker delegate;
  private final WebhookSigner signer;
  private final Clock clock;

  public SigningInvoker(HttpInvoker delegate, WebhookSigner signer, Clock clock) {
    this.delegate = delegate;
    this.signer = signer;
    this.clock = clock;
  }

  @Override
  public CompletionStage<AttemptOutcome> invoke(OutboundRequest r) {
    CallRequest call = r.request();
    // The API refuses these names at submit; dropping them here as well means a stored request
    // can never carry a forged signature next to (or instead of) ours.
    Map<String, String> headers = new TreeMap<>();
    for (var h : call.headers().entrySet()) {
      if (!RESERVED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        headers.put(h.getKey(), h.getValue());
      }
    }
    if (signer.signs(r.callId().tenant())) {
      try {
        headers.putAll(
            signer.headers(
                r.callId().tenant(),
                webhookId(r),
                clock.instant().getEpochSecond(),
                PekkoRequests.bodyBytes(call)));
      } catch (RuntimeException e) {
        // Never send unsigned what should be signed; the contract forbids a failed stage.
        return CompletableFuture.completedFuture(
            OutcomeClassifier.invalidRequest("request could not be signed"));
      }
    } else if (headers.size() == call.headers().size()) {
      return delegate.invoke(r);
    }
    var signed = new CallRequest(call.method(), call.url(), headers, call.body());
    return delegate.invoke(r.withRequest(signed));
  }

  // The idempotency key is the call id for every attempt and every re-run after a crash, which is
  // what receivers de-duplicate on.
  private static String webhookId(OutboundRequest r) {
    return r.idempotencyKey() != null ? r.idempotencyKey() : r.callId().callId();
  }
}
