package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.config.LimitSettings;
import dev.orchestrator.config.LimitSettings.TenantLimits;
import dev.orchestrator.domain.TenantId;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.Test;

/** Rate and pending-call admission per tenant, on a manual clock and a scripted count query. */
class SubmitLimitsTest {
  private static final TenantId A = new TenantId("tenant-a");
  private static final TenantId B = new TenantId("tenant-b");

  private final AtomicLong nanos = new AtomicLong();
  private final Map<String, Long> readModel = new HashMap<>();
  private final ProblemResponses problems = new ProblemResponses(JsonSupport.mapper());

  private SubmitLimits limits(long rate, long burst, long maxPending) {
    TimeMeter time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanos.get();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    var settings =
        new LimitSettings(
            new TenantLimits(rate, burst, maxPending), Map.of(), Duration.ofSeconds(1));
    return new SubmitLimits(settings, time, () -> Map.copyOf(readModel));
  }

  private Optional<HttpResponse> admitTimes(SubmitLimits limits, TenantId tenant, int n) {
    Optional<HttpResponse> last = Optional.empty();
    for (int i = 0; i < n; i++) {
      last = limits.admit(tenant, problems);
    }
    return last;
  }

  private static JsonNode problem(HttpResponse r) {
    try {
      return ApiTestSupport.JSON.readTree(((HttpEntity.Strict) r.entity()).getData().toArray());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void admit_beyondBurst_is429RateLimitedWithRetryAfter() {
    var limits = limits(1, 3, 1000);

    assertTrue(admitTimes(limits, A, 3).isEmpty());
    HttpResponse refused = limits.admit(A, problems).orElseThrow();

    assertEquals(429, refused.status().intValue());
    assertEquals("1", refused.getHeader("Retry-After").orElseThrow().value());
    assertEquals(Problem.TYPE_BASE + "rate-limited", problem(refused).get("type").asText());
  }

  @Test
  void admit_afterRefillTime_admitsAgain() {
    var limits = limits(2, 2, 1000);
    admitTimes(limits, A, 2);
    assertTrue(limits.admit(A, problems).isPresent());

    nanos.addAndGet(Duration.ofMillis(500).toNanos());

    assertTrue(limits.admit(A, problems).isEmpty());
    assertTrue(limits.admit(A, problems).isPresent());
  }

  @Test
  void admit_oneTenantExhausted_otherTenantStillHasItsBurst() {
    var limits = limits(1, 5, 1000);
    admitTimes(limits, A, 50);

    for (int i = 0; i < 5; i++) {
      assertTrue(limits.admit(B, problems).isEmpty(), "B's submit " + i);
    }
  }

  @Test
  void admit_atPendingCap_is429QuotaExceededWithoutRetryAfter() throws Exception {
    var limits = limits(100, 100, 3);
    readModel.put("tenant-a", 2L);
    limits.refresh();
    assertTrue(limits.admit(A, problems).isEmpty());

    limits.accepted(A);
    HttpResponse refused = limits.admit(A, problems).orElseThrow();

    assertEquals(429, refused.status().intValue());
    assertEquals(Problem.TYPE_BASE + "quota-exceeded", problem(refused).get("type").asText());
    assertFalse(refused.getHeader("Retry-After").isPresent());
    assertTrue(limits.admit(B, problems).isEmpty(), "another tenant's cap is its own");
  }

  @Test
  void pending_acceptedSinceRefresh_addsToTheQueriedCount() throws Exception {
    var counter = new PendingCallCounter(() -> Map.copyOf(readModel));
    readModel.put("tenant-a", 5L);
    counter.refresh();

    counter.recordAccepted(A);

    assertEquals(6, counter.pending(A));
    assertEquals(0, counter.pending(B));
  }

  @Test
  void refresh_acceptedButNotYetProjected_isStillCounted() throws Exception {
    var counter = new PendingCallCounter(() -> Map.copyOf(readModel));
    counter.refresh();
    counter.recordAccepted(A);

    counter.refresh(); // the projection has not written the call yet

    assertEquals(1, counter.pending(A));
  }

  @Test
  void refresh_acceptedBeforeThePreviousQuery_isCountedOnlyByTheReadModel() throws Exception {
    var counter = new PendingCallCounter(() -> Map.copyOf(readModel));
    counter.recordAccepted(A);
    counter.recordAccepted(A);
    readModel.put("tenant-a", 2L);
    counter.refresh();

    counter.refresh();

    assertEquals(2, counter.pending(A));
  }

  @Test
  void refresh_callsFinished_lowersTheCount() throws Exception {
    var counter = new PendingCallCounter(() -> Map.copyOf(readModel));
    readModel.put("tenant-a", 5L);
    counter.refresh();
    readModel.put("tenant-a", 1L);

    counter.refresh();

    assertEquals(1, counter.pending(A));
  }
}
