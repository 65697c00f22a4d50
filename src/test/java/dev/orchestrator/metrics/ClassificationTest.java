package dev.orchestrator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The label values meters use: route classes, submit results and attempt outcomes. */
class ClassificationTest {
  @ParameterizedTest
  @CsvSource({
    "POST, /api/v1/tenants/t/service-calls, SUBMIT",
    "POST, /api/v1/tenants/t/service-calls/, SUBMIT",
    "GET, /api/v1/tenants/t/service-calls, LIST",
    "DELETE, /api/v1/tenants/t/service-calls, OTHER",
    "GET, /api/v1/tenants/t/service-calls/abc, GET",
    "POST, /api/v1/tenants/t/service-calls/abc/cancel, CANCEL",
    "GET, /api/v1/tenants/t/service-calls/abc/history, HISTORY",
    "GET, /api/v1/tenants/t/service-calls/abc/other, OTHER",
    "GET, /api/v1/tenants/t/summary, SUMMARY",
    "GET, /health/ready, HEALTH",
    "GET, /metrics, OTHER",
    "GET, /, OTHER",
    "GET, /api/v1/tenants/t/x/y/z/w, OTHER"
  })
  void routeClass(String method, String path, RouteClass expected) {
    assertEquals(expected, RouteClass.of(method, List.of(path.split("/"))));
  }

  @ParameterizedTest
  @CsvSource({
    "201, false, accepted, none",
    "200, false, repeated, none",
    "400, false, rejected, malformed",
    "401, false, rejected, unauthorized",
    "409, false, rejected, conflict",
    "413, false, rejected, too_large",
    "415, false, rejected, unsupported_media_type",
    "429, true, rejected, rate_limited",
    "429, false, rejected, quota_exceeded",
    "503, false, rejected, unavailable",
    "500, false, rejected, error",
    "302, false, rejected, other"
  })
  void submitResult(int status, boolean retryAfter, String result, String reason) {
    var r = SubmitResult.of(status, retryAfter);
    assertEquals(result, r.result());
    assertEquals(reason, r.reason());
  }

  @Test
  void attemptResult() {
    var timeout = new ErrorInfo(ErrorKind.TIMEOUT, "t");
    var status = new ErrorInfo(ErrorKind.HTTP_STATUS, "503");
    assertEquals(AttemptResult.SUCCEEDED, AttemptResult.of(new AttemptOutcome.Success(null)));
    assertEquals(
        AttemptResult.TIMEOUT,
        AttemptResult.of(new AttemptOutcome.RetryableFailure(timeout, null, null)));
    assertEquals(
        AttemptResult.RETRYABLE_FAILURE,
        AttemptResult.of(new AttemptOutcome.RetryableFailure(status, null, null)));
    assertEquals(
        AttemptResult.PERMANENT_FAILURE,
        AttemptResult.of(new AttemptOutcome.PermanentFailure(status, null)));
  }
}
