package dev.orchestrator.execution;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.logging.CallMdc;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.secrets.UndecryptableHeaderException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the sealed header values of an attempt's request and hands the plaintext request to the
 * real invoker. This is the only place plaintext exists after a call is accepted: in the attempt's
 * memory, on its way out. A value that does not open (the secrets key changed) fails the call
 * permanently as INVALID_REQUEST, since no retry can bring the old key back; nothing is sent.
 */
public final class DecryptingInvoker implements HttpInvoker {
  private static final Logger log = LoggerFactory.getLogger(DecryptingInvoker.class);

  private final HttpInvoker delegate;
  private final HeaderCipher cipher;

  public DecryptingInvoker(HttpInvoker delegate, HeaderCipher cipher) {
    this.delegate = delegate;
    this.cipher = cipher;
  }

  @Override
  public CompletionStage<AttemptOutcome> invoke(OutboundRequest r) {
    CallRequest plain;
    try {
      plain = cipher.open(r.callId(), r.request());
    } catch (UndecryptableHeaderException e) {
      // Logged here because an operator, not the tenant, has to fix it; the name only, no value.
      // Not on an actor thread: the call's MDC is put here for this one line.
      try (var mdc = CallMdc.open(r.callId(), r.correlationId())) {
        log.warn("Call {} not sent: {}", r.callId(), e.getMessage());
      }
      return CompletableFuture.completedFuture(OutcomeClassifier.invalidRequest(e.getMessage()));
    }
    if (plain == r.request()) {
      return delegate.invoke(r);
    }
    return delegate.invoke(r.withRequest(plain));
  }
}
