package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.http.StorageFailures.Outcome;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import scala.concurrent.duration.FiniteDuration;

/** The explicit mapping of database failures (and entity replies about them) to HTTP. */
class StorageFailuresTest {
  private final ProblemResponses problems = new ProblemResponses(JsonSupport.mapper());

  private JsonNode body(HttpResponse r) throws Exception {
    return JsonSupport.mapper().readTree(((HttpEntity.Strict) r.entity()).getData().toArray());
  }

  private static String retryAfter(HttpResponse r) {
    return r.getHeader("Retry-After").map(h -> h.value()).orElse(null);
  }

  @Test
  void isStorageFailure_sqlOrBreakerAnywhereInTheChain_true() {
    var pool = new SQLTransientConnectionException("read-model - Connection is not available");
    assertTrue(StorageFailures.isStorageFailure(pool));
    assertTrue(
        StorageFailures.isStorageFailure(
            new CompletionException(new IllegalStateException("list query failed", pool))));
    assertTrue(
        StorageFailures.isStorageFailure(
            new CircuitBreakerOpenException(FiniteDuration.apply(5, "s"), "open")));
    assertTrue(StorageFailures.isStorageFailure(new StorageFailures.Unavailable(Outcome.UNKNOWN)));
  }

  @Test
  void isStorageFailure_otherErrors_false() {
    assertFalse(StorageFailures.isStorageFailure(new IllegalStateException("bug")));
    assertFalse(StorageFailures.isStorageFailure(new TimeoutException("ask")));
  }

  @Test
  void response_notApplied_503ProblemWithRetryAfterAndNoInternals() throws Exception {
    var r = StorageFailures.response(problems, Outcome.NOT_APPLIED);

    assertEquals(503, r.status().intValue());
    assertEquals(ProblemResponses.PROBLEM_JSON, r.entity().getContentType());
    assertEquals("5", retryAfter(r));
    var json = body(r);
    assertEquals(Problem.TYPE_BASE + "storage-unavailable", json.get("type").asText());
    assertTrue(json.get("detail").asText().contains("nothing was changed"));
  }

  @Test
  void entityReply_persistFailed_503OutcomeUnknownSaysRetryWithSameKey() throws Exception {
    var r =
        EntityReplies.failure(
            problems,
            new StatusReply.ErrorMessage(
                "STORAGE_UNAVAILABLE: the journal did not confirm the write"));

    assertEquals(503, r.status().intValue());
    assertEquals("5", retryAfter(r));
    var detail = body(r).get("detail").asText();
    assertTrue(detail.contains("may or may not have been stored"), detail);
    assertTrue(detail.contains("same idempotencyKey"), detail);
    assertFalse(detail.contains("journal"), "no internals: " + detail);
  }

  @Test
  void entityReply_databaseWentDownWhileWaiting_503OutcomeUnknown() throws Exception {
    var r =
        EntityReplies.failure(
            problems, new CompletionException(new StorageFailures.Unavailable(Outcome.UNKNOWN)));

    assertEquals(503, r.status().intValue());
    assertTrue(body(r).get("detail").asText().contains("may or may not"));
  }

  @Test
  void entityReply_askTimeout_503UnavailableOutcomeUnknown() throws Exception {
    var r = EntityReplies.failure(problems, new TimeoutException("Ask timed out"));

    assertEquals(503, r.status().intValue());
    assertEquals(Problem.TYPE_BASE + "unavailable", body(r).get("type").asText());
    assertTrue(body(r).get("detail").asText().contains("outcome is unknown"));
    assertEquals("1", retryAfter(r));
  }

  @Test
  void entityReply_unexpectedError_isABugNotAnOutage() {
    assertThrows(
        IllegalStateException.class,
        () -> EntityReplies.failure(problems, new IllegalArgumentException("bug")));
  }

  @Test
  void retryAfter_matchesTheJournalBreakerResetTimeout() {
    var config = dev.orchestrator.config.ConfigLoader.load();
    assertEquals(
        Duration.ofSeconds(StorageFailures.RETRY_AFTER_SECONDS),
        config.getDuration("jdbc-journal.circuit-breaker.reset-timeout"));
  }
}
