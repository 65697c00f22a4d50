package dev.orchestrator.http;

import static dev.orchestrator.http.ApiTestSupport.CALLS_A;
import static dev.orchestrator.http.ApiTestSupport.CALLS_B;
import static dev.orchestrator.http.ApiTestSupport.FAST_READ_MODEL;
import static dev.orchestrator.http.ApiTestSupport.JSON;
import static dev.orchestrator.http.ApiTestSupport.WAIT;
import static dev.orchestrator.http.ApiTestSupport.assertProblem;
import static dev.orchestrator.http.ApiTestSupport.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The history (journal) and summary (read model) endpoints over real HTTP. History is checked on
 * tenant-a; summary counts on tenant-b, which only this class's summary test writes to, so its
 * counts are exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiHistorySummaryTest {
  private TargetServer target;
  private TestNode node;
  private ApiClient a;
  private ApiClient b;

  @BeforeAll
  void start() throws Exception {
    target = new TargetServer();
    node = TestNode.start(TestNode.h2Memory("history"), "", target.port(), FAST_READ_MODEL);
    a = node.client(TestNode.KEY_A);
    b = node.client(TestNode.KEY_B);
  }

  @AfterAll
  void stop() {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      if (target != null) {
        target.close();
      }
    }
  }

  @Test
  void history_retriedThenSucceededCall_showsEveryEventInOrderWithSecretsMasked() {
    String path = "/history-" + UUID.randomUUID();
    String secret = "history-secret-" + UUID.randomUUID();
    target.script(path, TargetServer.Reply.status(503));
    ObjectNode body = validBody(target.url(path), null);
    body.remove("dueAt");
    body.with("request").with("headers").put("Authorization", "Bearer " + secret);
    body.putObject("retry")
        .put("maxAttempts", 3)
        .put("initialBackoff", "PT0.1S")
        .put("maxBackoff", "PT0.2S");
    var submitted = a.submit("tenant-a", body.toString());
    assertEquals(201, submitted.status(), submitted.body());
    String id = submitted.json().get("serviceCallId").asText();
    Await.until(
        WAIT,
        "call succeeded",
        () -> "SUCCEEDED".equals(a.call("tenant-a", id).json().path("status").asText()));

    var r = a.get(CALLS_A + "/" + id + "/history");

    assertEquals(200, r.status(), r.body());
    assertEquals(id, r.json().get("serviceCallId").asText());
    List<String> types = new ArrayList<>();
    List<Integer> attempts = new ArrayList<>();
    long lastSeqNr = 0;
    for (JsonNode e : r.json().get("events")) {
      types.add(e.get("type").asText());
      attempts.add(e.path("attempt").asInt(0));
      assertTrue(e.get("seqNr").asLong() > lastSeqNr, r.body());
      lastSeqNr = e.get("seqNr").asLong();
      Instant.parse(e.get("at").asText());
    }
    assertEquals(
        List.of(
            "ServiceCallScheduled",
            "ExecutionStarted",
            "AttemptFailed",
            "ExecutionStarted",
            "ServiceCallSucceeded"),
        types,
        r.body());
    assertEquals(List.of(0, 1, 1, 2, 2), attempts, r.body());
    // Provenance of each attempt: the node that ran it and how late it started.
    for (int i : List.of(1, 3)) {
      JsonNode started = r.json().get("events").get(i);
      assertTrue(started.get("node").asText().matches("127\\.0\\.0\\.1:\\d+"), started.toString());
      assertTrue(started.get("latenessMs").asLong() >= 0, started.toString());
      assertTrue(started.get("latenessMs").asLong() < WAIT.toMillis(), started.toString());
    }
    JsonNode request = r.json().get("events").get(0).get("spec").get("request");
    assertEquals("***", request.get("headers").get("Authorization").asText(), r.body());
    assertFalse(r.body().contains(secret), "history leaks the secret: " + r.body());
    assertFalse(r.body().contains("enc:v1:"), "history shows ciphertext: " + r.body());
    // The target did get the real value: the masking above is of a secret that was in use.
    assertEquals("Bearer " + secret, target.receivedOn(path).get(0).header("Authorization"));
  }

  @Test
  void history_otherTenantOrUnknownOrInvalidId_is404LikeAnyMissingCall() {
    var s = a.submit("tenant-a", validBody(target.url("/never"), null).toString());
    assertEquals(201, s.status(), s.body());
    String aCall = s.json().get("serviceCallId").asText();
    String missing = a.call("tenant-a", UUID.randomUUID().toString()).body();

    var probes =
        new ApiClient.Response[] {
          b.get(CALLS_B + "/" + aCall + "/history"),
          b.get(CALLS_A + "/" + aCall + "/history"),
          a.get(CALLS_A + "/" + UUID.randomUUID() + "/history"),
          a.get(CALLS_A + "/a%7Cb/history")
        };

    for (var r : probes) {
      assertProblem(r, 404, "not-found");
      assertEquals(missing, r.body());
    }
    assertEquals(200, a.get(CALLS_A + "/" + aCall + "/history").status());
  }

  @Test
  void summary_mixOfCalls_countsEveryStatusAndDueWindows() {
    String now = Instant.now().toString();
    String farAhead = Instant.now().plusSeconds(86_400).toString();
    String soon = submitB(validBody(target.url("/never"), null).put("dueAt", plus(30)));
    submitB(validBody(target.url("/never"), null).put("dueAt", farAhead));
    String cancelled = submitB(validBody(target.url("/never"), null).put("dueAt", farAhead));
    assertEquals(200, b.cancel("tenant-b", cancelled).status());
    submitB(validBody(target.url("/summary-ok"), null).put("dueAt", now));
    Map<String, Integer> expected =
        Map.of("SCHEDULED", 2, "RUNNING", 0, "SUCCEEDED", 1, "FAILED", 0, "CANCELLED", 1);

    JsonNode summary =
        Await.value(
                WAIT,
                "read model caught up",
                () -> b.get("/api/v1/tenants/tenant-b/summary"),
                r -> r.status() == 200 && counts(r.json()).equals(expected))
            .json();

    assertEquals("tenant-b", summary.get("tenantId").asText());
    assertEquals(1, summary.get("dueNextMinute").asInt(), summary + " (" + soon + ")");
    assertEquals(1, summary.get("dueNextHour").asInt(), summary.toString());
    assertTrue(summary.has("oldestOverdueDueAt"), summary.toString());
    assertTrue(summary.get("oldestOverdueDueAt").isNull(), summary.toString());
    // The call that ran: one lateness sample in the default 15-minute window.
    JsonNode lateness = summary.get("lateness");
    assertEquals("PT15M", lateness.get("window").asText(), summary.toString());
    assertEquals(1, lateness.get("samples").asInt(), summary.toString());
    assertTrue(lateness.get("p50Ms").asLong() >= 0, summary.toString());
    assertEquals(lateness.get("p50Ms").asLong(), lateness.get("p99Ms").asLong());
  }

  @Test
  void summary_windowOutsideOneMinuteToOneDay_is400() {
    for (String w : List.of("PT30S", "PT25H", "15m", "")) {
      assertProblem(b.get("/api/v1/tenants/tenant-b/summary?window=" + w), 400, "validation");
    }
    assertEquals(200, b.get("/api/v1/tenants/tenant-b/summary?window=PT1H").status());
  }

  @Test
  void summary_otherTenantsPath_is404AndWithoutKey401() {
    String missing = a.call("tenant-a", UUID.randomUUID().toString()).body();

    var other = a.get("/api/v1/tenants/tenant-b/summary");
    var anonymous = a.withKey(null).get("/api/v1/tenants/tenant-a/summary");

    assertProblem(other, 404, "not-found");
    assertEquals(missing, other.body());
    assertProblem(anonymous, 401, "unauthorized");
  }

  private String submitB(ObjectNode body) {
    var r = b.submit("tenant-b", body.toString());
    assertEquals(201, r.status(), r.body());
    return r.json().get("serviceCallId").asText();
  }

  private static String plus(long seconds) {
    return Instant.now().plusSeconds(seconds).toString();
  }

  private static Map<String, Integer> counts(JsonNode summary) {
    return JSON.convertValue(
        summary.get("counts"),
        JSON.getTypeFactory().constructMapType(Map.class, String.class, Integer.class));
  }
}
