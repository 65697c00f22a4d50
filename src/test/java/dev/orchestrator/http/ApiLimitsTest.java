package dev.orchestrator.http;

import static dev.orchestrator.http.ApiKeysTest.sha256Hex;
import static dev.orchestrator.http.ApiTestSupport.FAST_READ_MODEL;
import static dev.orchestrator.http.ApiTestSupport.WAIT;
import static dev.orchestrator.http.ApiTestSupport.assertProblem;
import static dev.orchestrator.http.ApiTestSupport.derivedId;
import static dev.orchestrator.http.ApiTestSupport.uniqueKey;
import static dev.orchestrator.http.ApiTestSupport.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TestNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private ApiNode node;

  @BeforeAll
  void start() throws Exception {
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
    node = ApiNode.h2("api-limits", extra);
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private String body(String key) {
    return validBody(node.neverUrl(), key).toString();
  }

  @Test
  void submit_tenantOverItsRate_is429WhileOtherTenantWithSameLimitsSucceeds() {
    ApiClient a = node.client(TestNode.KEY_A);
    List<String> refusedKeys = new ArrayList<>();
    double[] seconds = new double[1];

    // Tenant d submits the sentinel: a's flood leaves other buckets alone.
    node.assertUnchangedBy(
        node.client(KEY_D), "tenant-d", () -> seconds[0] = flood(a, refusedKeys));

    // a may have had its burst plus one token per elapsed second; the rest were refused.
    assertTrue(
        refusedKeys.size() >= 20 - 5 - Math.ceil(seconds[0]) && !refusedKeys.isEmpty(),
        refusedKeys.size() + " of a's 20 submits refused in " + seconds[0] + " s");
    assertEquals(200, a.list("tenant-a", "").status(), "reads are not rate limited");
    for (String key : refusedKeys) {
      assertProblem(a.call("tenant-a", derivedId("tenant-a", key)), 404, "not-found");
    }
  }

  /**
   * 20 submits of tenant a as fast as they go, with one of tenant b (same limits) after every
   * fifth, which must all succeed. Collects a's refused idempotency keys; returns the seconds
   * taken.
   */
  private double flood(ApiClient a, List<String> refusedKeys) {
    ApiClient b = node.client(TestNode.KEY_B);
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      String key = uniqueKey("flood");
      var r = a.submit("tenant-a", body(key));
      if (r.status() == 201) {
        node.created().add(r.json().get("serviceCallId").asText());
      } else {
        assertProblem(r, 429, "rate-limited");
        assertTrue(Long.parseLong(r.header("Retry-After")) >= 1, r.header("Retry-After"));
        refusedKeys.add(key);
      }
      if (i % 5 == 4) {
        var calm = b.submit("tenant-b", body(uniqueKey("calm")));
        assertEquals(201, calm.status(), "tenant b refused during a's flood: " + calm.body());
        node.created().add(calm.json().get("serviceCallId").asText());
      }
    }
    return (System.nanoTime() - start) / 1e9;
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
    node.assertUnchangedBy(
        d, "tenant-d", () -> assertProblem(c.submit("tenant-c", body(key)), 429, "quota-exceeded"));
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
