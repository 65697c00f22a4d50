package dev.orchestrator.http;

import static dev.orchestrator.http.ApiKeysTest.sha256Hex;
import static dev.orchestrator.http.ApiTestSupport.FAST_READ_MODEL;
import static dev.orchestrator.http.ApiTestSupport.WAIT;
import static dev.orchestrator.http.ApiTestSupport.assertNothingChanged;
import static dev.orchestrator.http.ApiTestSupport.assertOnlyKnownCalls;
import static dev.orchestrator.http.ApiTestSupport.assertProblem;
import static dev.orchestrator.http.ApiTestSupport.derivedId;
import static dev.orchestrator.http.ApiTestSupport.uniqueKey;
import static dev.orchestrator.http.ApiTestSupport.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.StateProbe;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per-tenant submit rate and pending-call cap over real HTTP (RELIABILITY S6), and keys configured
 * as SHA-256 digests. Tenants a and b share tiny defaults (1/s, burst 5); c has a cap of 3 pending
 * calls; d is generous and submits the sentinels. Each tenant is used by one test only, so the
 * tests do not share buckets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiLimitsTest {
  private static final String KEY_C = "key-for-tenant-c";
  private static final String KEY_D = "key-for-tenant-d";

  private TargetServer target;
  private TestNode node;
  private StateProbe probe;
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  @BeforeAll
  void start() throws Exception {
    // @AfterAll runs even when this fails, so whatever started here is closed there.
    target = new TargetServer();
    String jdbcUrl = TestNode.h2Memory("api-limits");
    Map<String, Object> extra = new HashMap<>(FAST_READ_MODEL);
    extra.put(
        "orchestrator.api-keys",
        TestNode.KEY_A
            + "=tenant-a,"
            + TestNode.KEY_B
            + "=tenant-b,sha256:"
            + sha256Hex(KEY_C)
            + "=tenant-c,SHA256:"
            + sha256Hex(KEY_D).toUpperCase()
            + "=tenant-d");
    extra.put("orchestrator.limits.submit-rate", 1);
    extra.put("orchestrator.limits.submit-burst", 5);
    // The default: local acceptances are kept for one interval, longer than the projection lag.
    extra.put("orchestrator.limits.pending-refresh-interval", "1s");
    extra.put("orchestrator.limits.tenants.tenant-c.submit-rate", 1000);
    extra.put("orchestrator.limits.tenants.tenant-c.submit-burst", 1000);
    extra.put("orchestrator.limits.tenants.tenant-c.max-pending-per-tenant", 3);
    extra.put("orchestrator.limits.tenants.tenant-d.submit-rate", 1000);
    extra.put("orchestrator.limits.tenants.tenant-d.submit-burst", 1000);
    node = TestNode.start(jdbcUrl, "", target.port(), extra);
    probe = StateProbe.h2(jdbcUrl, target);
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

  private String body(String key) {
    return validBody(target.url("/never"), key).toString();
  }

  private String url() {
    return target.url("/never");
  }

  @Test
  void submit_tenantOverItsRate_is429WhileOtherTenantWithSameLimitsSucceeds() {
    ApiClient a = node.client(TestNode.KEY_A);
    ApiClient b = node.client(TestNode.KEY_B);
    ApiClient d = node.client(KEY_D);
    StateProbe.Counts before = probe.settled(WAIT);
    List<String> accepted = new ArrayList<>();
    List<String> refusedKeys = new ArrayList<>();

    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      String key = uniqueKey("flood");
      var r = a.submit("tenant-a", body(key));
      if (r.status() == 201) {
        accepted.add(r.json().get("serviceCallId").asText());
      } else {
        assertProblem(r, 429, "rate-limited");
        assertTrue(Long.parseLong(r.header("Retry-After")) >= 1, r.header("Retry-After"));
        refusedKeys.add(key);
      }
      if (i % 5 == 4) {
        var calm = b.submit("tenant-b", body(uniqueKey("calm")));
        assertEquals(201, calm.status(), "tenant b refused during a's flood: " + calm.body());
        accepted.add(calm.json().get("serviceCallId").asText());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    // a may have had its burst plus one token per elapsed second; the rest were refused.
    assertTrue(
        refusedKeys.size() >= 20 - 5 - Math.ceil(seconds) && !refusedKeys.isEmpty(),
        refusedKeys.size() + " of a's 20 submits refused in " + seconds + " s");
    assertEquals(200, a.list("tenant-a", "").status(), "reads are not rate limited");
    for (String key : refusedKeys) {
      assertProblem(a.call("tenant-a", derivedId("tenant-a", key)), 404, "not-found");
    }
    String sentinel = assertOnlyKnownCalls(d, "tenant-d", url(), created);
    StateProbe.Counts after = probe.settled(WAIT).minus(probe.of(sentinel));
    for (String id : accepted) {
      after = after.minus(probe.of(id));
    }
    assertEquals(before, after, "a refused submit changed the journal, read model or target");
  }

  @Test
  void submit_pastPendingCap_is429QuotaExceededUntilACallFinishes() {
    ApiClient c = node.client(KEY_C);
    ApiClient d = node.client(KEY_D);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var r = c.submit("tenant-c", body(uniqueKey("capped")));
      assertEquals(201, r.status(), r.body());
      ids.add(r.json().get("serviceCallId").asText());
    }
    String key = uniqueKey("over-cap");

    // The sentinel inside is tenant d's: another tenant is not held back by c's cap.
    assertNothingChanged(
        probe,
        d,
        "tenant-d",
        url(),
        created,
        () -> assertProblem(c.submit("tenant-c", body(key)), 429, "quota-exceeded"));
    assertProblem(c.call("tenant-c", derivedId("tenant-c", key)), 404, "not-found");

    assertEquals(200, c.cancel("tenant-c", ids.get(0)).status());
    var admitted =
        Await.value(
            WAIT,
            "a submit admitted once the count refreshed after a cancel",
            () -> c.submit("tenant-c", body(key)),
            r -> r.status() != 429);
    assertEquals(201, admitted.status(), admitted.body());
  }

  @Test
  void request_keysConfiguredAsSha256_authenticateTheirTenant() {
    assertEquals(200, node.client(KEY_C).list("tenant-c", "").status());
    assertEquals(200, node.client(KEY_D).list("tenant-d", "").status());

    assertProblem(node.client(sha256Hex(KEY_C)).list("tenant-c", ""), 401, "unauthorized");
    assertProblem(node.client(KEY_C).list("tenant-d", ""), 404, "not-found");
  }
}
