package dev.orchestrator.testing;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.domain.ResponseMeta;
import dev.orchestrator.domain.RetryPolicy;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test data builders for calls, specs and outcomes. */
public final class ServiceCallFixtures {
  public static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  public static final ServiceCallId CALL_ID =
      new ServiceCallId(new TenantId("acme"), "0190a5f0-0000-7000-8000-000000000001");

  private ServiceCallFixtures() {}

  public static CallSpec aSpecDueAt(Instant dueAt) {
    return aSpec(dueAt, new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10)));
  }

  public static CallSpec aSpec(Instant dueAt, RetryPolicy retry) {
    return new CallSpec(
        "charge-invoice-42",
        new CallRequest(
            "POST",
            "https://billing.example/charge",
            Map.of("Content-Type", "application/json"),
            "{\"invoice\":42}"),
        dueAt,
        true,
        "invoice-42",
        List.of("billing"),
        "req-7f3a",
        retry,
        Duration.ofSeconds(30));
  }

  public static ResponseMeta response(int status) {
    return new ResponseMeta(status, Map.of(), "body", 12);
  }

  public static AttemptOutcome success() {
    return new AttemptOutcome.Success(response(200));
  }

  public static AttemptOutcome retryable(int status) {
    return new AttemptOutcome.RetryableFailure(
        new ErrorInfo(ErrorKind.HTTP_STATUS, "HTTP " + status), response(status), null);
  }

  public static AttemptOutcome permanent(int status) {
    return new AttemptOutcome.PermanentFailure(
        new ErrorInfo(ErrorKind.HTTP_STATUS, "HTTP " + status), response(status));
  }
}
