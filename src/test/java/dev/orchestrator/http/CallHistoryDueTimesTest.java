package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.ErrorInfo;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.domain.RetryPolicy;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.entity.ServiceCallEvent.AttemptFailed;
import dev.orchestrator.entity.ServiceCallEvent.ExecutionStarted;
import dev.orchestrator.entity.ServiceCallEvent.ServiceCallScheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallHistoryDueTimesTest {
  private static final ServiceCallId ID = new ServiceCallId(new TenantId("acme"), "c1");
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final CallHistory.DueTimes due = new CallHistory.DueTimes();

  private static ServiceCallScheduled scheduled(Instant dueAt, Instant at) {
    return new ServiceCallScheduled(
        ID,
        new CallSpec(
            null,
            new CallRequest("POST", "http://127.0.0.1:1/x", Map.of(), "{}"),
            dueAt,
            true,
            null,
            null,
            null,
            RetryPolicy.DEFAULT,
            Duration.ofSeconds(5)),
        at);
  }

  private static ExecutionStarted started(int attempt, boolean resumed, Instant at) {
    return new ExecutionStarted(ID, attempt, resumed, at.plusSeconds(10), "127.0.0.1:7355", at);
  }

  @Test
  void firstAttempt_isLateAgainstItsDueTime() {
    due.lateness(scheduled(T0.plusSeconds(60), T0));
    assertEquals(
        Optional.of(Duration.ofMillis(12)),
        due.lateness(started(1, false, T0.plusSeconds(60).plusMillis(12))));
  }

  @Test
  void dueInThePast_isLateAgainstTheAcceptanceInstead() {
    due.lateness(scheduled(T0.minusSeconds(3600), T0));
    assertEquals(
        Optional.of(Duration.ofMillis(3)), due.lateness(started(1, false, T0.plusMillis(3))));
  }

  @Test
  void retry_isLateAgainstItsPlannedTime_andAResumedRunHasNoLateness() {
    due.lateness(scheduled(T0, T0));
    due.lateness(started(1, false, T0));
    Instant retryAt = T0.plusSeconds(2);
    due.lateness(
        new AttemptFailed(ID, 1, new ErrorInfo(ErrorKind.HTTP_STATUS, "503"), null, retryAt, T0));
    assertEquals(
        Optional.of(Duration.ofMillis(40)),
        due.lateness(started(2, false, retryAt.plusMillis(40))));
    assertEquals(Optional.empty(), due.lateness(started(3, true, retryAt.plusSeconds(30))));
  }

  @Test
  void startedBeforeItsTime_countsAsOnTime() {
    due.lateness(scheduled(T0.plusSeconds(5), T0));
    assertEquals(Optional.of(Duration.ZERO), due.lateness(started(1, false, T0.plusSeconds(4))));
  }
}
