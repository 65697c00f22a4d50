package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;

/** Raw requests and problem+json assertions shared by the API route tests. */
final class ApiTestSupport {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String CALLS_A = "/api/v1/tenants/tenant-a/service-calls";
  static final String CALLS_B = "/api/v1/tenants/tenant-b/service-calls";
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Node settings that let the read model follow the journal within about 100 ms instead of the
   * default second (the read journal's poll for new journal ids), for tests that wait for a
   * sentinel after every refused request. The gap tolerance (tries × delay) stays 10 s.
   */
  static final Map<String, Object> FAST_READ_MODEL =
      Map.of(
          "jdbc-read-journal.journal-sequence-retrieval.query-delay",
          "100ms",
          "jdbc-read-journal.journal-sequence-retrieval.max-tries",
          100);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ApiTestSupport() {}

  /** Any method, path, headers and body; {@code chunked} sends the body without Content-Length. */
  static ApiClient.Response send(
      int port,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      boolean chunked) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
    var b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, publisher);
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new ApiClient.Response(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Map<String, String> bearer(String key) {
    return Map.of("Authorization", "Bearer " + key);
  }

  /** Status, problem+json content type, stable type, matching status field, no internals. */
  static JsonNode assertProblem(ApiClient.Response r, int status, String type) {
    assertEquals(status, r.status(), r.body());
    assertTrue(
        r.contentType().startsWith("application/problem+json"),
        "content type " + r.contentType() + " of " + r.body());
    assertNoInternals(r.body());
    JsonNode p = r.json();
    assertEquals(Problem.TYPE_BASE + type, p.path("type").asText(), r.body());
    assertEquals(status, p.path("status").asInt(), r.body());
    assertFalse(p.path("title").asText().isEmpty(), r.body());
    return p;
  }

  /** A validation problem whose errors name exactly these pointers. */
  static void assertValidation(ApiClient.Response r, String... pointers) {
    JsonNode p = assertProblem(r, 400, "validation");
    assertNotNull(p.get("errors"), r.body());
    Set<String> got = new HashSet<>();
    p.get("errors").forEach(e -> got.add(e.path("pointer").asText()));
    assertEquals(Set.of(pointers), got, r.body());
    p.get("errors").forEach(e -> assertFalse(e.path("detail").asText().isEmpty(), r.body()));
  }

  static void assertNoInternals(String body) {
    String[] leaks = {"dev.orchestrator", "java.", "Exception", "\tat ", "pekko", "jackson"};
    for (String leak : leaks) {
      assertFalse(body.contains(leak), "error body leaks '" + leak + "': " + body);
    }
  }

  /** The id a submit with this idempotency key lands on. */
  static String derivedId(String tenant, String key) {
    return ServiceCallId.fromIdempotencyKey(new TenantId(tenant), key).callId();
  }

  static String uniqueKey(String label) {
    return label + "-" + UUID.randomUUID();
  }

  /** A valid submit body due in an hour (so nothing is sent while the tests run). */
  static ObjectNode validBody(String url, String key) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", "api-test");
    ObjectNode request = n.putObject("request");
    request.put("method", "POST");
    request.put("url", url);
    request.putObject("headers").put("Content-Type", "application/json");
    request.put("body", "{\"n\":1}");
    n.put("dueAt", Instant.now().plusSeconds(3600).toString());
    if (key != null) {
      n.put("idempotencyKey", key);
    }
    return n;
  }

  static Set<String> listedIds(ApiClient api, String tenant) {
    var r = api.list(tenant, "limit=500");
    assertEquals(200, r.status(), r.body());
    Set<String> ids = new HashSet<>();
    StreamSupport.stream(r.json().get("items").spliterator(), false)
        .forEach(i -> ids.add(i.get("serviceCallId").asText()));
    return ids;
  }

  /**
   * Proves a refused request created nothing we cannot name by id: submits a valid sentinel for
   * {@code api}'s tenant after it, waits until the read model shows the sentinel, then requires
   * every listed call to be one the test created on purpose ({@code created}, which gets the
   * sentinel added). Returns the sentinel's id.
   */
  static String assertOnlyKnownCalls(
      ApiClient api, String tenant, String url, Set<String> created) {
    var s = api.submit(tenant, validBody(url, null).toString());
    assertEquals(201, s.status(), s.body());
    String sentinel = s.json().get("serviceCallId").asText();
    created.add(sentinel);
    Await.until(
        WAIT, "sentinel " + sentinel + " listed", () -> listedIds(api, tenant).contains(sentinel));
    Set<String> unexpected = new HashSet<>(listedIds(api, tenant));
    unexpected.removeAll(created);
    assertTrue(unexpected.isEmpty(), "calls created by a refused request: " + unexpected);
    return sentinel;
  }
}
