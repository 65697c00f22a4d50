package dev.orchestrator.e2e.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.PostgresTestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * F8 in one JVM (RELIABILITY.md §5b): the node's only way to PostgreSQL is a fault proxy, which
 * cuts the link (partition: nothing answers, open connections hang) or plays the database down
 * (refused, open connections reset) while submits keep coming and calls are due. During the outage
 * every request that needs the database answers 503 problem+json with Retry-After within seconds,
 * never 2xx unless stored and never 500; readiness is down, liveness up. After the link heals the
 * node recovers by itself: a new submit is accepted within 30 s, readiness and the read model come
 * back, calls that were due during the outage (their entities failed to write and were restarted)
 * fire once, every 2xx id is stored and fires once, and the database holds no more sessions than
 * the pools allow.
 */
class PostgresOutageE2eTest {
  /** Generous bound on one answer during the outage (timing itself goes to benchmarks). */
  private static final Duration FAST = Duration.ofSeconds(8);

  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(60);
  // journal-pool-size + read-model-pool-size + the health probe's one connection.
  private static final int MAX_SESSIONS = 8 + 6 + 1;

  enum Outage {
    PARTITION,
    DOWN
  }

  @BeforeAll
  static void requirePostgres() {
    PostgresTestDatabase.assumeAvailable();
  }

  private record Timed(ApiClient.Response response, long millis) {}

  private static Timed timed(Supplier<ApiClient.Response> call) {
    long t0 = System.nanoTime();
    var r = call.get();
    return new Timed(r, (System.nanoTime() - t0) / 1_000_000);
  }

  private static void assertFast503(String what, Timed t) {
    var r = t.response();
    assertEquals(503, r.status(), what + ": " + r.body());
    assertEquals("application/problem+json", r.contentType(), what);
    assertTrue(r.header("Retry-After") != null, what + ": Retry-After missing");
    assertTrue(t.millis() < FAST.toMillis(), what + " took " + t.millis() + " ms");
    String type = r.json().get("type").asText();
    assertTrue(
        type.endsWith("/storage-unavailable") || type.endsWith("/unavailable"), what + ": " + type);
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void outage_requestsFailFastWith503_thenNodeRecoversWithoutRestart(Outage outage)
      throws Exception {
    // The outage loop submits as fast as 503s come back (thousands in 8 s on a quiet machine):
    // the tenant's rate limit must not turn those into 429s, which is not what is tested here.
    try (var rig =
        PostgresOutageRig.start(
            Map.of(
                "orchestrator.limits.submit-rate", 1_000_000,
                "orchestrator.limits.submit-burst", 1_000_000))) {
      var api = rig.api;
      String tenant = "tenant-a";
      // id -> idempotency key of every call the API accepted (2xx): each must be stored and fire.
      Map<String, String> accepted = new LinkedHashMap<>();
      // Calls due while the database is away: their entities try to write AttemptStarted and fail.
      Instant dueInOutage = Instant.now().plusSeconds(4);
      for (int i = 0; i < 5; i++) {
        String key = "before-" + i;
        var r = api.submit(tenant, rig.spec(dueInOutage, key));
        assertEquals(201, r.status(), r.body());
        accepted.put(r.json().get("serviceCallId").asText(), key);
      }
      String someId = accepted.keySet().iterator().next();
      Await.until(
          Duration.ofSeconds(20), "read model lists the calls", () -> listed(api, tenant) == 5);
      int sessionsBefore = rig.backendConnections();

      if (outage == Outage.PARTITION) {
        rig.partition();
      } else {
        rig.down();
      }
      long outageStart = System.nanoTime();

      // Submits keep coming for ~8 s; each answers fast. A 2xx would have to be stored.
      List<Long> latencies = new ArrayList<>();
      Map<String, String> unknown = new HashMap<>(); // key -> body of a submit of unknown outcome
      int n = 0;
      while (System.nanoTime() - outageStart < Duration.ofSeconds(8).toNanos()) {
        String key = "during-" + outage + "-" + n++;
        String body = rig.spec(Instant.now().plusSeconds(1), key);
        var t = timed(() -> api.submit(tenant, body));
        latencies.add(t.millis());
        if (t.response().status() / 100 == 2) {
          accepted.put(t.response().json().get("serviceCallId").asText(), key);
          continue;
        }
        assertFast503("submit " + key, t);
        String detail = t.response().json().get("detail").asText();
        if (detail.contains("may or may not")) {
          unknown.put(key, body);
        }
      }
      long max = latencies.stream().mapToLong(Long::longValue).max().orElse(0);
      System.out.printf(
          "F8 %s: %d submits during the outage, max latency %d ms, %d with unknown outcome%n",
          outage, latencies.size(), max, unknown.size());

      // A GET answers from a live entity (200) or says the database is away (503), fast either way.
      var got = timed(() -> api.call(tenant, someId));
      if (got.response().status() != 200) {
        assertFast503("get", got);
      }
      assertFast503(
          "get of a call that is not in memory",
          timed(() -> api.call(tenant, UUID.randomUUID().toString())));
      assertFast503("cancel", timed(() -> api.cancel(tenant, someId)));
      assertFast503("list", timed(() -> api.list(tenant, "")));
      assertFast503("summary", timed(() -> api.get("/api/v1/tenants/" + tenant + "/summary")));
      assertFast503(
          "history",
          timed(
              () ->
                  api.get("/api/v1/tenants/" + tenant + "/service-calls/" + someId + "/history")));
      var ready = api.get("/health/ready");
      assertEquals(503, ready.status(), ready.body());
      assertEquals("DOWN", ready.json().get("database").asText());
      assertEquals(200, api.get("/health/live").status());

      rig.heal();
      long healed = System.nanoTime();
      var first =
          Await.value(
              RECOVERY,
              "a submit accepted after the database returned",
              () -> api.submit(tenant, rig.spec(Instant.now().plusSeconds(1), "after-" + outage)),
              r -> r.status() == 201);
      long recoveredMs = (System.nanoTime() - healed) / 1_000_000;
      accepted.put(first.json().get("serviceCallId").asText(), "after-" + outage);
      System.out.printf(
          "F8 %s: new submit accepted %d ms after the link healed%n", outage, recoveredMs);
      Await.until(RECOVERY, "ready again", () -> api.get("/health/ready").status() == 200);

      // The client retries every unknown outcome as told, same request and key: stored once,
      // whether or not the first write had committed.
      for (var e : unknown.entrySet()) {
        String key = e.getKey();
        var r = api.submit(tenant, e.getValue());
        assertTrue(r.status() == 200 || r.status() == 201, key + ": " + r.body());
        accepted.put(r.json().get("serviceCallId").asText(), key);
      }

      // Reconciliation: every accepted id is stored, SUCCEEDED, and reached the sink exactly once.
      for (String id : accepted.keySet()) {
        Await.value(
            SETTLE,
            id + " SUCCEEDED",
            () -> api.call(tenant, id),
            r -> r.status() == 200 && "SUCCEEDED".equals(r.json().get("status").asText()));
      }
      Map<String, Integer> received = new HashMap<>();
      rig.target
          .receivedOn("/sink")
          .forEach(r -> received.merge(r.header("X-Service-Call-Id"), 1, Integer::sum));
      for (String id : accepted.keySet()) {
        assertEquals(1, received.getOrDefault(id, 0), "deliveries of " + id + ": " + received);
      }
      // The read model caught up with everything, including calls written just before the cut.
      Await.until(
          SETTLE,
          "read model lists every accepted call",
          () -> listed(api, tenant) >= accepted.size());
      // No sessions left behind by the outage (stalled ones end at the socket timeout).
      int sessions =
          Await.value(
              SETTLE,
              "database sessions back within the pools",
              () -> {
                try {
                  return rig.backendConnections();
                } catch (java.sql.SQLException e) {
                  throw new AssertionError(e);
                }
              },
              c -> c <= MAX_SESSIONS);
      System.out.printf(
          "F8 %s: database sessions before %d, after %d (pools allow %d)%n",
          outage, sessionsBefore, sessions, MAX_SESSIONS);
    }
  }

  private static int listed(ApiClient api, String tenant) {
    var r = api.list(tenant, "limit=200");
    return r.status() == 200 ? r.json().get("items").size() : -1;
  }
}
