package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Read-model freshness over real HTTP: list, summary and events say how far behind the journal the
 * read model is, and a read with {@code ?consistentWith=} a write's token sees that write at once
 * (the node's read journal polls only every second, so without the wait it would often not), times
 * out with 503 read-model-behind for a token never written, and refuses a malformed one. Runs once
 * per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReadYourWritesContract {
  private static final Duration MAX_WAIT = Duration.ofSeconds(4);
  private static final String TENANT = "tenant-a";
  private static final String CALLS = "/api/v1/tenants/" + TENANT + "/service-calls";

  private TargetServer target;
  private TestNode node;
  private ApiClient api;

  protected abstract String[] database() throws Exception;

  protected void releaseDatabase() {}

  @BeforeAll
  void start() throws Exception {
    target = new TargetServer();
    String[] db = database();
    node =
        TestNode.start(
            db[0],
            db[1],
            target.port(),
            Map.of(
                // A slow read journal: a read that does not wait would usually miss a fresh write.
                "jdbc-read-journal.refresh-interval",
                "1s",
                "orchestrator.read-model.consistency.max-wait",
                MAX_WAIT.toMillis() + "ms"));
    api = node.client(TestNode.KEY_A);
  }

  @AfterAll
  void stop() {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      target.close();
      releaseDatabase();
    }
  }

  /** A call due in an hour, so nothing but the submit (and a cancel) writes its events. */
  private ApiClient.Response submit(String name) {
    var r =
        api.submit(
            TENANT,
            "{\"name\":\""
                + name
                + "\",\"request\":{\"method\":\"POST\",\"url\":\""
                + target.url("/never")
                + "\"},\"dueAt\":\""
                + Instant.now().plusSeconds(3600)
                + "\"}");
    assertEquals(201, r.status(), r.body());
    return r;
  }

  private static long token(ApiClient.Response write) {
    String token = write.header("Orchestrator-Consistency-Token");
    assertNotNull(token, "a write answers with a consistency token");
    assertTrue(token.matches("[1-9][0-9]*"), token);
    return Long.parseLong(token);
  }

  /** The freshness headers are there and plausible; returns the reported offset. */
  private static long assertFreshness(ApiClient.Response r) {
    String offset = r.header("Orchestrator-Read-Model-Offset");
    String lag = r.header("Orchestrator-Read-Model-Lag-Ms");
    assertNotNull(offset, "offset header on " + r.raw().uri());
    assertNotNull(lag, "lag header on " + r.raw().uri());
    long lagMs = Long.parseLong(lag);
    assertTrue(lagMs >= 0 && lagMs < 60_000, "lag " + lagMs);
    return Long.parseLong(offset);
  }

  @Test
  void submitThenList_withTheToken_seesTheCallAtOnce() {
    var created = submit("ryw-list");
    long token = token(created);
    String id = created.json().get("serviceCallId").asText();

    var list = api.list(TENANT, "consistentWith=" + token + "&limit=500");

    assertEquals(200, list.status(), list.body());
    assertTrue(list.body().contains(id), "the new call is listed: " + list.body());
    assertTrue(assertFreshness(list) >= token, "the reported offset has passed the token");
  }

  @Test
  void cancelThenList_withTheCancelsToken_seesItCancelled() {
    String id = submit("ryw-cancel").json().get("serviceCallId").asText();
    var cancelled = api.cancel(TENANT, id);
    assertEquals(200, cancelled.status(), cancelled.body());
    long token = token(cancelled);

    var list = api.list(TENANT, "status=CANCELLED&limit=500&consistentWith=" + token);

    assertEquals(200, list.status(), list.body());
    assertTrue(list.body().contains(id), list.body());
  }

  @Test
  void summaryAndEvents_withTheToken_includeTheWrite_andReportTheirFreshness() {
    var created = submit("ryw-summary");
    long token = token(created);
    String id = created.json().get("serviceCallId").asText();

    var summary = api.get("/api/v1/tenants/" + TENANT + "/summary?consistentWith=" + token);
    assertEquals(200, summary.status(), summary.body());
    long offset = assertFreshness(summary);
    assertTrue(offset >= token);
    var readModel = summary.json().get("readModel");
    assertEquals(offset, readModel.get("offset").asLong(), summary.body());
    assertEquals(
        summary.header("Orchestrator-Read-Model-Lag-Ms"),
        readModel.get("lagMs").asText(),
        summary.body());
    assertTrue(summary.json().get("counts").get("SCHEDULED").asLong() >= 1, summary.body());

    var events =
        api.get("/api/v1/tenants/" + TENANT + "/events?limit=1000&consistentWith=" + token);
    assertEquals(200, events.status(), events.body());
    assertTrue(assertFreshness(events) >= token);
    assertTrue(events.body().contains(id), events.body());
  }

  @Test
  void tokenNeverWritten_waitsMaxWait_then503ReadModelBehind() {
    long started = System.nanoTime();
    var r = api.list(TENANT, "consistentWith=999999999999");
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertEquals(503, r.status(), r.body());
    assertEquals("application/problem+json", r.contentType());
    assertEquals(
        "https://orchestrator.dev/problems/read-model-behind",
        r.json().get("type").asText(),
        r.body());
    assertEquals("1", r.header("Retry-After"));
    assertTrue(
        tookMs >= MAX_WAIT.toMillis() - 50 && tookMs < MAX_WAIT.toMillis() + 10_000,
        "answered after " + tookMs + " ms");
  }

  @Test
  void malformedToken_is400ProblemOnEveryReadModelRoute() {
    List<Function<String, ApiClient.Response>> routes =
        List.of(
            q -> api.list(TENANT, q),
            q -> api.get("/api/v1/tenants/" + TENANT + "/summary?" + q),
            q -> api.get("/api/v1/tenants/" + TENANT + "/events?" + q));
    for (var route : routes) {
      for (String bad : List.of("abc", "-1", "1.5", "12345678901234567890", "")) {
        var r = route.apply("consistentWith=" + bad);
        assertEquals(400, r.status(), bad + ": " + r.body());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("consistentWith", r.json().get("errors").get(0).get("pointer").asText());
      }
      // Other parameters are checked first: a bad one is refused without waiting for the token.
      long started = System.nanoTime();
      var r = route.apply("consistentWith=999999999999&limit=0&window=x");
      assertEquals(400, r.status(), r.body());
      assertTrue((System.nanoTime() - started) / 1_000_000 < MAX_WAIT.toMillis(), "no wait");
    }
  }

  @Test
  void withoutAToken_everyReadModelRouteReportsItsFreshness_andTheLagReturnsToZero() {
    submit("ryw-lag");
    for (String path :
        List.of(
            CALLS,
            "/api/v1/tenants/" + TENANT + "/summary",
            "/api/v1/tenants/" + TENANT + "/events")) {
      var r = api.get(path);
      assertEquals(200, r.status(), r.body());
      assertFreshness(r);
    }
    // Nothing else writes: the projection catches up and reports no lag.
    Await.until(
        Duration.ofSeconds(30),
        "lag 0 once caught up",
        () -> "0".equals(api.list(TENANT, "").header("Orchestrator-Read-Model-Lag-Ms")));
    // A single read (GET one call) comes from the entity and says nothing about the read model.
    var one = api.get(CALLS + "/" + submit("ryw-one").json().get("serviceCallId").asText());
    assertEquals(200, one.status());
    assertEquals(null, one.header("Orchestrator-Read-Model-Offset"));
  }
}
