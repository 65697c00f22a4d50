package dev.orchestrator.http;

import static dev.orchestrator.http.ApiTestSupport.CALLS_A;
import static dev.orchestrator.http.ApiTestSupport.WAIT;
import static dev.orchestrator.http.ApiTestSupport.assertNoInternals;
import static dev.orchestrator.http.ApiTestSupport.assertProblem;
import static dev.orchestrator.http.ApiTestSupport.bearer;
import static dev.orchestrator.http.ApiTestSupport.derivedId;
import static dev.orchestrator.http.ApiTestSupport.listedIds;
import static dev.orchestrator.http.ApiTestSupport.send;
import static dev.orchestrator.http.ApiTestSupport.uniqueKey;
import static dev.orchestrator.http.ApiTestSupport.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API's statuses other than validation (see {@link ApiValidationTest}): 200, 201, 401, 404,
 * 405, 409 and the anonymous health routes, including the tenant isolation matrix (S1, S3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRoutesTest {
  private TargetServer target;
  private TestNode node;
  private ApiClient a;
  private ApiClient b;

  @BeforeAll
  void start() throws Exception {
    // @AfterAll runs even when this fails, so whatever started here is closed there.
    target = new TargetServer();
    node = TestNode.start(TestNode.h2Memory("api"), "", target.port(), Map.of());
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

  private String body(String key) {
    return validBody(target.url("/never"), key).toString();
  }

  private String submitOk(ApiClient client, String tenant) {
    var r = client.submit(tenant, body(uniqueKey("ok")));
    assertEquals(201, r.status(), r.body());
    return r.json().get("serviceCallId").asText();
  }

  private ApiClient.Response raw(
      String method, String path, Map<String, String> headers, String body) {
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    return send(node.port(), method, path, headers, bytes, false);
  }

  private static Map<String, String> jsonWith(Map<String, String> auth) {
    var h = new HashMap<>(auth);
    h.put("Content-Type", "application/json");
    return h;
  }

  @Test
  void submit_newCall_is201WithLocationThatGetsIt() {
    var r = a.submit("tenant-a", body(uniqueKey("new")));

    assertEquals(201, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    String id = r.json().get("serviceCallId").asText();
    String location = r.header("Location");
    assertNotNull(location);
    assertEquals(CALLS_A + "/" + id, location);
    var got = a.get(location);
    assertEquals(200, got.status(), got.body());
    assertEquals(id, got.json().get("serviceCallId").asText());
    assertEquals("SCHEDULED", got.json().get("status").asText());
    assertEquals("tenant-a", got.json().get("tenantId").asText());
  }

  @Test
  void submit_sameKeySameSpec_is200WithTheSameCall() {
    String json = body(uniqueKey("repeat"));
    var first = a.submit("tenant-a", json);
    var repeat = a.submit("tenant-a", json);

    assertEquals(201, first.status(), first.body());
    assertEquals(200, repeat.status(), repeat.body());
    assertEquals(first.json().get("serviceCallId"), repeat.json().get("serviceCallId"));
    assertEquals(first.header("Location"), repeat.header("Location"));
  }

  @Test
  void submit_sameKeyDifferentSpec_is409IdempotencyConflict() {
    String key = uniqueKey("conflict");
    assertEquals(201, a.submit("tenant-a", body(key)).status());
    var other = validBody(target.url("/other"), key);

    assertProblem(a.submit("tenant-a", other.toString()), 409, "idempotency-conflict");
    var kept = a.call("tenant-a", derivedId("tenant-a", key));
    assertTrue(kept.json().get("request").get("url").asText().endsWith("/never"), kept.body());
  }

  static Stream<Arguments> badCredentials() {
    return Stream.of(
        Arguments.of("noHeader", Map.of()),
        Arguments.of("basicScheme", Map.of("Authorization", "Basic xyz")),
        Arguments.of("emptyBearer", Map.of("Authorization", "Bearer ")),
        Arguments.of("bearerWithoutSpace", Map.of("Authorization", "Bearer")),
        Arguments.of("unknownKey", Map.of("Authorization", "Bearer not-a-known-key")),
        Arguments.of("keyWithoutScheme", Map.of("Authorization", TestNode.KEY_A)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCredentials")
  void everyApiRoute_badCredentials_is401WithBearerChallenge(
      String label, Map<String, String> auth) {
    String key = uniqueKey("unauth-" + label);
    String existing = submitOk(a, "tenant-a");
    var responses =
        Map.of(
            "submit", raw("POST", CALLS_A, jsonWith(auth), body(key)),
            "get", raw("GET", CALLS_A + "/" + existing, auth, null),
            "list", raw("GET", CALLS_A, auth, null),
            "cancel", raw("POST", CALLS_A + "/" + existing + "/cancel", auth, ""),
            "unknown", raw("GET", "/api/v1/tenants/tenant-a/nothing-here", auth, null));

    responses.forEach(
        (route, r) -> {
          assertProblem(r, 401, "unauthorized");
          assertEquals("Bearer", r.header("WWW-Authenticate"), route);
        });
    assertProblem(a.call("tenant-a", derivedId("tenant-a", key)), 404, "not-found");
    assertEquals("SCHEDULED", a.call("tenant-a", existing).json().get("status").asText());
  }

  @Test
  void everyRoute_otherTenantsPath_is404AndTouchesNothing() {
    String bCall = submitOk(b, "tenant-b");
    String key = uniqueKey("cross-submit");
    String missing = a.call("tenant-a", UUID.randomUUID().toString()).body();

    var submit = a.submit("tenant-b", body(key));
    var get = a.call("tenant-b", bCall);
    var list = a.list("tenant-b", "");
    var cancel = a.cancel("tenant-b", bCall);
    var unknownTenant = a.list("tenant-zz", "");

    for (var r : new ApiClient.Response[] {submit, get, list, cancel, unknownTenant}) {
      assertProblem(r, 404, "not-found");
      assertEquals(missing, r.body(), "must look like any missing resource");
    }
    assertProblem(b.call("tenant-b", derivedId("tenant-b", key)), 404, "not-found");
    assertEquals("SCHEDULED", b.call("tenant-b", bCall).json().get("status").asText());
  }

  @Test
  void getOrCancel_otherTenantsCallId_looksExactlyLikeARandomMissingId() {
    String aCall = submitOk(a, "tenant-a");
    String random = UUID.randomUUID().toString();

    var missingGet = b.call("tenant-b", random);
    var missingCancel = b.cancel("tenant-b", random);
    var probes =
        new ApiClient.Response[] {
          b.call("tenant-b", aCall), b.cancel("tenant-b", aCall),
          b.call("tenant-a", aCall), b.cancel("tenant-a", aCall)
        };

    assertProblem(missingGet, 404, "not-found");
    assertEquals(missingGet.body(), missingCancel.body());
    for (var r : probes) {
      assertEquals(missingGet.status(), r.status(), r.body());
      assertEquals(missingGet.body(), r.body());
      assertEquals(missingGet.contentType(), r.contentType());
    }
    assertEquals("SCHEDULED", a.call("tenant-a", aCall).json().get("status").asText());
  }

  @Test
  void list_ofTenantB_neverShowsTenantACalls() {
    String aCall = submitOk(a, "tenant-a");
    String bCall = submitOk(b, "tenant-b");

    Await.until(
        WAIT,
        "both calls listed",
        () -> listedIds(a, "tenant-a").contains(aCall) && listedIds(b, "tenant-b").contains(bCall));

    Set<String> bIds = listedIds(b, "tenant-b");
    assertFalse(bIds.contains(aCall));
    b.list("tenant-b", "limit=500")
        .json()
        .get("items")
        .forEach(i -> assertEquals("tenant-b", i.get("tenantId").asText()));
  }

  static Stream<Arguments> missingOrInvalidIds() {
    return Stream.of(
        Arguments.of("randomUuid", UUID.randomUUID().toString()),
        Arguments.of("pipe", "a%7Cb"),
        Arguments.of("colon", "tenant-b%3Ax"),
        Arguments.of("dotDot", ".."),
        Arguments.of("encodedDotDot", "%2e%2e"),
        Arguments.of("encodedTraversal", "..%2f..%2fadmin"),
        Arguments.of("nul", "a%00b"),
        Arguments.of("space", "a%20b"),
        Arguments.of("twoHundredChars", "x".repeat(200)),
        Arguments.of("tenThousandChars", "y".repeat(10_000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingOrInvalidIds")
  void getAndCancel_missingOrInvalidId_is404LikeAnyMissingCall(String label, String id) {
    String missing = a.call("tenant-a", UUID.randomUUID().toString()).body();

    for (var r : new ApiClient.Response[] {a.call("tenant-a", id), a.cancel("tenant-a", id)}) {
      if (id.length() > 2048) {
        // Pekko's request parser refuses the URI before any route runs; never a 500.
        assertEquals(414, r.status(), r.body());
        assertNoInternals(r.body());
      } else if (label.toLowerCase(java.util.Locale.ROOT).contains("dotdot")) {
        // The dot segment is resolved away, leaving a path no route serves: a 404 from routing.
        assertProblem(r, 404, "not-found");
      } else {
        assertProblem(r, 404, "not-found");
        assertEquals(missing, r.body());
      }
    }
  }

  @Test
  void get_unknownPath_is404() {
    for (String path :
        new String[] {
          "/",
          "/api",
          "/api/v2/tenants/tenant-a/service-calls",
          "/nothing",
          "/api/v1/tenants/tenant-a/nothing-here",
          CALLS_A + "/" + UUID.randomUUID() + "/nothing"
        }) {
      assertProblem(raw("GET", path, bearer(TestNode.KEY_A), null), 404, "not-found");
    }
  }

  static Stream<Arguments> wrongMethods() {
    String call = CALLS_A + "/" + UUID.randomUUID();
    return Stream.of(
        Arguments.of("PUT", CALLS_A),
        Arguments.of("DELETE", CALLS_A),
        Arguments.of("PATCH", CALLS_A),
        Arguments.of("DELETE", call),
        Arguments.of("PUT", call),
        Arguments.of("POST", call),
        Arguments.of("GET", call + "/cancel"),
        Arguments.of("POST", "/health/live"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wrongMethods")
  void anyRoute_wrongMethod_is405WithAllow(String method, String path) {
    var r = raw(method, path, jsonWith(bearer(TestNode.KEY_A)), "{}");

    assertProblem(r, 405, "method-not-allowed");
    assertNotNull(r.header("Allow"), "Allow header");
  }

  @Test
  void cancel_scheduledCall_is200ThenAlreadyTerminal409() {
    String id = submitOk(a, "tenant-a");

    var first = a.cancel("tenant-a", id);
    assertEquals(200, first.status(), first.body());
    assertEquals("CANCELLED", first.json().get("status").asText());

    assertProblem(a.cancel("tenant-a", id), 409, "already-terminal");
    assertEquals("CANCELLED", a.call("tenant-a", id).json().get("status").asText());
  }

  @Test
  void health_anonymous_is200AndRevealsOnlyStatus() {
    var live = raw("GET", "/health/live", Map.of(), null);
    assertEquals(200, live.status(), live.body());
    assertOnlyStatusFields(live.json(), Set.of("status"));

    var ready =
        Await.value(
            WAIT,
            "ready",
            () -> raw("GET", "/health/ready", Map.of(), null),
            r -> r.status() == 200);
    assertOnlyStatusFields(ready.json(), Set.of("status", "cluster", "database"));
    assertEquals("UP", ready.json().get("status").asText());
    assertEquals(
        200, raw("GET", "/health/live", Map.of("Authorization", "Basic xyz"), null).status());
  }

  private static void assertOnlyStatusFields(JsonNode body, Set<String> allowed) {
    body.fieldNames().forEachRemaining(f -> assertTrue(allowed.contains(f), "health reveals " + f));
    body.forEach(v -> assertTrue(Set.of("UP", "DOWN").contains(v.asText()), body.toString()));
  }
}
