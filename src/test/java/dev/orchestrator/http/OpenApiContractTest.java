package dev.orchestrator.http;

import static dev.orchestrator.http.ApiTestSupport.FAST_READ_MODEL;
import static dev.orchestrator.http.ApiTestSupport.JSON;
import static dev.orchestrator.http.ApiTestSupport.WAIT;
import static dev.orchestrator.http.ApiTestSupport.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.http.ContractClient.Call;
import dev.orchestrator.http.OpenApiDocument.Operation;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.FaultProxy;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Keeps {@code openapi.json} true: a real node is driven over HTTP through every operation of the
 * document, with valid and invalid requests, and swagger-request-validator checks every request and
 * response against the document as served (undocumented statuses, headers or fields fail). The last
 * test proves the coverage both ways: every documented operation and status was seen (or is listed
 * in {@link #NOT_PROVOKED} with the reason), and the server answers nothing the document lacks.
 *
 * <p>A new operation needs: its path in the document, a valid request in {@link #samples}, and its
 * valid and invalid exchanges in a test here (or its statuses in {@link #NOT_PROVOKED}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractTest {
  private static final String KEY_A = TestNode.KEY_A;
  private static final String KEY_B = TestNode.KEY_B;

  /** Tenant r may submit once a second: its second quick submit is rate-limited. */
  private static final String KEY_R = "key-for-tenant-r";

  /** Tenant q may have one pending call: its second submit exceeds the quota. */
  private static final String KEY_Q = "key-for-tenant-q";

  private static final String A_CALLS = "/api/v1/tenants/tenant-a/service-calls";

  private static final String A_EVENTS = "/api/v1/tenants/tenant-a/events";

  private static final String A_SUBSCRIPTION = "/api/v1/tenants/tenant-a/event-subscription";

  /**
   * Why no test provokes a 500: since storage failures answer 503 storage-unavailable
   * (StorageFailures, ErrorHandling), a 500 means a bug, and every failure a test can cause from
   * outside (tables taken away, the database cut off) is a storage failure. It stays documented
   * because ErrorHandling answers any unexpected exception with it.
   */
  private static final String ONLY_A_BUG =
      "only a bug answers 500: every failure a test can cause (tables renamed, database cut off)"
          + " is a storage failure and answers 503 storage-unavailable";

  /** Documented statuses no test here provokes, and why. Remove an entry once a test does. */
  private static final Map<String, String> NOT_PROVOKED =
      Map.of(
          "submitServiceCall 500", ONLY_A_BUG,
          "getServiceCall 500", ONLY_A_BUG,
          "cancelServiceCall 500", ONLY_A_BUG,
          "listServiceCalls 500", ONLY_A_BUG,
          "getServiceCallHistory 500", ONLY_A_BUG,
          "getTenantSummary 500", ONLY_A_BUG,
          "getTenantEvents 500", ONLY_A_BUG,
          "putEventSubscription 500", ONLY_A_BUG,
          "getEventSubscription 500", ONLY_A_BUG,
          "deleteEventSubscription 500", ONLY_A_BUG);

  /**
   * Paths the server must not answer (404 with a valid key). Routes planned in DESIGN.md are here
   * so that adding one without documenting it fails this test.
   */
  private static final Set<String> UNDOCUMENTED_PROBES =
      Set.of(
          "/",
          "/metrics",
          "/api/v1/tenants/tenant-a/workflows",
          "/api/v2/tenants/tenant-a/service-calls",
          "/api/v1/openapi.yaml");

  private static final String[] METHODS = {
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"
  };

  /** The node's database: an in-memory H2 served over TCP in this JVM, behind {@link #cable}. */
  private Server h2;

  /** Between the node and its database: cut it for a real outage (readiness DOWN, the gate). */
  private FaultProxy cable;

  /** Embedded URL of the same in-memory database, for the test's own connections. */
  private String jdbcUrl;

  private ApiNode node;
  private OpenApiDocument document;
  private ContractClient api;
  private ApiClient a;

  /** A tenant-a call due in an hour, left SCHEDULED: the "existing resource" of the auth checks. */
  private String scheduledId;

  @BeforeAll
  void start() throws Exception {
    var extra = new HashMap<String, Object>(FAST_READ_MODEL);
    extra.put(
        "orchestrator.api-keys",
        String.join(
            ",",
            KEY_A + "=tenant-a",
            KEY_B + "=tenant-b",
            KEY_R + "=tenant-r",
            KEY_Q + "=tenant-q"));
    extra.put("orchestrator.limits.tenants.tenant-r.submit-rate", 1);
    extra.put("orchestrator.limits.tenants.tenant-r.submit-burst", 1);
    extra.put("orchestrator.limits.tenants.tenant-q.max-pending-per-tenant", 1);
    // Short enough that the 503s of entities that cannot recover come quickly (the failure test
    // waits for them in parallel), long enough for any healthy ask on a busy machine.
    extra.put("orchestrator.http.ask-timeout", "8s");
    // One event stream per node, so a second one meets 503 too-many-streams.
    extra.put("orchestrator.events.max-streams", 1);
    // A token never written meets 503 read-model-behind after this wait.
    extra.put("orchestrator.read-model.consistency.max-wait", "1s");
    String name = "openapi-" + System.nanoTime();
    jdbcUrl = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    // Loopback only (no -tcpAllowOthers); -ifNotExists lets the node create the database.
    h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    cable = FaultProxy.start(h2.getPort());
    node =
        ApiNode.start(
            "jdbc:h2:tcp://127.0.0.1:" + cable.port() + "/mem:" + name + ";DB_CLOSE_DELAY=-1",
            "",
            "",
            extra);
    a = node.client(KEY_A);
    var served = a.get("/api/v1/openapi.json");
    assertEquals(200, served.status(), served.body());
    document = OpenApiDocument.parse(served.body());
    api = new ContractClient(node.port(), document);
  }

  @AfterAll
  void stop() {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      if (cable != null) {
        cable.close();
      }
      if (h2 != null) {
        h2.stop();
      }
    }
  }

  @Test
  @Order(1)
  void submit_everyDocumentedOutcome() {
    String key = ApiTestSupport.uniqueKey("contract");
    ObjectNode full = fullBody(key);
    var created = api.expect(201, submit(KEY_A, full));
    scheduledId = remember(created);
    assertEquals(A_CALLS + "/" + scheduledId, created.header("Location"));
    api.expect(200, submit(KEY_A, full));
    api.expect(409, submit(KEY_A, fullBody(key).put("name", "another")));

    ObjectNode delayed = minimalBody(node.neverUrl());
    delayed.remove("dueAt");
    delayed.put("delay", "PT1H");
    remember(api.expect(201, submit(KEY_A, delayed)));

    // Refused by the document and the server alike.
    api.expect(
        400,
        submit(KEY_A, minimalBody(node.neverUrl()).put("colour", "red"))
            .invalidBecause("validation.request.body.schema.additionalProperties"));
    ObjectNode ftp = minimalBody("ftp://127.0.0.1/file");
    api.expect(400, submit(KEY_A, ftp).invalidBecause("validation.request.body.schema.pattern"));
    api.expect(
        400,
        submit(KEY_A, "{\"request\":")
            .invalidBecause("validation.request.body.schema.invalidJson"));
    ObjectNode huge = minimalBody(node.neverUrl());
    huge.with("request").put("body", "x".repeat(200 * 1024));
    api.expect(413, submit(KEY_A, huge).invalidBecause("validation.request.body.schema.maxLength"));
    api.expect(
        415,
        Call.of("POST", A_CALLS)
            .key(KEY_A)
            .body("text/plain", minimalBody(node.neverUrl()).toString().getBytes())
            .invalidBecause("validation.request.contentType.notAllowed"));

    // Well-formed for the document, refused by rules it states in prose.
    api.expect(400, submit(KEY_A, minimalBody("http://169.254.169.254/latest/meta-data")));
    ObjectNode both = minimalBody(node.neverUrl()).put("delay", "PT1M");
    both.put("dueAt", Instant.now().plusSeconds(60).toString());
    api.expect(400, submit(KEY_A, both));

    // Admission limits: a rate of 1/s refuses the second of two quick submits...
    var limited =
        Await.value(
            WAIT,
            "a rate-limited submit",
            () -> api.send(submit(KEY_R, minimalBody(node.neverUrl()))),
            r -> r.status() == 429);
    assertProblem(limited, 429, "rate-limited");
    assertNotNull(limited.header("Retry-After"));
    // ...and a quota of one pending call refuses the second.
    api.expect(201, submit(KEY_Q, minimalBody(node.neverUrl())));
    var quota = api.expect(429, submit(KEY_Q, minimalBody(node.neverUrl())));
    assertProblem(quota, 429, "quota-exceeded");
  }

  @Test
  @Order(2)
  void getAndCancel_everyDocumentedOutcome() {
    var got = api.expect(200, Call.of("GET", A_CALLS + "/" + scheduledId).key(KEY_A));
    assertEquals("SCHEDULED", got.json().get("status").asText());
    api.expect(404, Call.of("GET", A_CALLS + "/" + UUID.randomUUID()).key(KEY_A));
    api.expect(
        404,
        Call.of("GET", A_CALLS + "/-not-an-id")
            .key(KEY_A)
            .invalidBecause("validation.request.parameter.schema.pattern"));

    String victim = remember(api.expect(201, submit(KEY_A, minimalBody(node.neverUrl()))));
    var cancelled = api.expect(200, Call.of("POST", A_CALLS + "/" + victim + "/cancel").key(KEY_A));
    assertEquals("CANCELLED", cancelled.json().get("status").asText());
    api.expect(409, Call.of("POST", A_CALLS + "/" + victim + "/cancel").key(KEY_A));
    api.expect(404, Call.of("POST", A_CALLS + "/" + UUID.randomUUID() + "/cancel").key(KEY_A));
  }

  @Test
  @Order(3)
  void history_everyEventType() {
    TargetServer target = node.target();
    target.script("/flaky", TargetServer.Reply.status(503));
    target.script("/reject", TargetServer.Reply.status(400));
    String succeeded = runToEnd(target.url("/flaky"), "SUCCEEDED");
    String failed = runToEnd(target.url("/reject"), "FAILED");
    String cancelled = remember(api.expect(201, submit(KEY_A, minimalBody(node.neverUrl()))));
    api.expect(200, Call.of("POST", A_CALLS + "/" + cancelled + "/cancel").key(KEY_A));

    Set<String> types = new TreeSet<>();
    for (String id : new String[] {succeeded, failed, cancelled}) {
      var h = api.expect(200, Call.of("GET", A_CALLS + "/" + id + "/history").key(KEY_A));
      h.json().get("events").forEach(e -> types.add(e.get("type").asText()));
      // The finished call itself, with response, error and times filled in.
      api.expect(200, Call.of("GET", A_CALLS + "/" + id).key(KEY_A));
    }
    assertEquals(
        new TreeSet<>(
            Set.of(
                "ServiceCallScheduled",
                "ExecutionStarted",
                "AttemptFailed",
                "ServiceCallSucceeded",
                "ServiceCallFailed",
                "ServiceCallCancelled")),
        types,
        "every event type of the document seen in a real history");
    api.expect(404, Call.of("GET", A_CALLS + "/" + UUID.randomUUID() + "/history").key(KEY_A));
  }

  @Test
  @Order(4)
  void list_filtersPagesAndRefusals() {
    Await.until(
        WAIT,
        "tenant-a's calls in the read model",
        () -> ApiTestSupport.listedIds(a, "tenant-a").containsAll(node.created()));
    var first = api.expect(200, list("status=SCHEDULED,CANCELLED&limit=1"));
    String cursor = first.json().path("nextCursor").asText(null);
    assertNotNull(cursor, first.body());
    var second = api.expect(200, list("status=SCHEDULED,CANCELLED&limit=1&cursor=" + cursor));
    assertEquals(1, second.json().get("items").size(), second.body());
    Instant now = Instant.now();
    var filtered =
        api.expect(
            200,
            list(
                "tag=contract&dueFrom="
                    + now
                    + "&dueTo="
                    + now.plusSeconds(7200)
                    + "&createdFrom="
                    + now.minusSeconds(3600)
                    + "&createdTo="
                    + now.plusSeconds(60)
                    + "&limit=500"));
    assertTrue(filtered.body().contains(scheduledId), filtered.body());
    // Several tags (all required), a literal name prefix, and the finish-time range.
    var tagged = api.expect(200, list("tag=contract,eu&namePrefix=contract-f&limit=10"));
    assertEquals(1, tagged.json().get("items").size(), tagged.body());
    assertEquals(0, api.expect(200, list("tag=contract,nope")).json().get("items").size());
    var finished =
        api.expect(
            200,
            list(
                "status=SUCCEEDED,FAILED,CANCELLED&finishedFrom="
                    + now.minusSeconds(3600)
                    + "&finishedTo="
                    + now.plusSeconds(60)));
    assertTrue(finished.json().get("items").size() >= 3, finished.body());

    api.expect(
        400, list("colour=red").invalidBecause("validation.request.parameter.query.unexpected"));
    api.expect(400, list("limit=0").invalidBecause("validation.request.parameter.schema.minimum"));
    api.expect(
        400, list("status=PAUSED").invalidBecause("validation.request.parameter.schema.enum"));
    api.expect(
        400,
        list("dueFrom=yesterday")
            .invalidBecause("validation.request.parameter.schema.format.date-time"));
    // A well-formed cursor the API never issued.
    api.expect(400, list("cursor=bm90LWEtY3Vyc29y"));
    api.expect(
        400,
        list("tag=a,b,c,d,e,f")
            .invalidBecause("validation.request.parameter.collection.tooManyItems"));
    api.expect(
        400,
        list("namePrefix=" + "n".repeat(201))
            .invalidBecause("validation.request.parameter.schema.maxLength"));
    api.expect(
        400,
        list("finishedTo=soon")
            .invalidBecause("validation.request.parameter.schema.format.date-time"));
  }

  /**
   * Read your writes: a write's consistency token (documented on submit and cancel), passed as
   * consistentWith to every read-model operation; a malformed one and one never written.
   */
  @Test
  @Order(4)
  void consistentWith_tokensFromWrites_andTheirRefusals() {
    var created = api.expect(201, submit(KEY_A, minimalBody(node.neverUrl())));
    String id = remember(created);
    var cancelled = api.expect(200, Call.of("POST", A_CALLS + "/" + id + "/cancel").key(KEY_A));
    String token = cancelled.header("Orchestrator-Consistency-Token");
    assertNotNull(token, cancelled.body());
    var listed = api.expect(200, list("status=CANCELLED&limit=500&consistentWith=" + token));
    assertTrue(listed.body().contains(id), listed.body());
    api.expect(200, summary("?consistentWith=" + token));
    api.expect(200, events("?limit=1&consistentWith=" + token));

    for (Call call :
        List.of(
            list("consistentWith=soon"),
            summary("?consistentWith=-1"),
            events("?consistentWith=x"))) {
      assertProblem(
          api.expect(400, call.invalidBecause("validation.request.parameter.schema.pattern")),
          400,
          "validation");
    }
    for (Call call :
        List.of(
            list("consistentWith=999999999999"),
            summary("?consistentWith=999999999999"),
            events("?consistentWith=999999999999"))) {
      var behind = api.expect(503, call);
      assertProblem(behind, 503, "read-model-behind");
      assertEquals("1", behind.header("Retry-After"));
    }
  }

  @Test
  @Order(5)
  void summary_withLatenessWindow() {
    var summary = api.expect(200, summary(""));
    assertTrue(summary.json().get("counts").get("SCHEDULED").asLong() >= 1, summary.body());
    assertEquals("PT15M", summary.json().get("lateness").get("window").asText(), summary.body());
    // The history test ran calls due now: their first attempts are samples of the last hour.
    var hour = api.expect(200, summary("?window=PT1H")).json().get("lateness");
    assertEquals("PT1H", hour.get("window").asText());
    assertTrue(hour.get("samples").asLong() >= 2, hour.toString());
    assertTrue(hour.get("p99Ms").isIntegralNumber(), hour.toString());
    // Well-formed durations out of range, refused by the rule the document states in prose.
    api.expect(400, summary("?window=PT30S"));
    api.expect(400, summary("?window=PT25H"));
    api.expect(
        400, summary("?window=soon").invalidBecause("validation.request.parameter.schema.pattern"));
  }

  /**
   * The tenant's event stream: JSON pages that carry every event type, its refusals, and SSE with
   * its one-stream limit (max-streams is 1 on this node).
   */
  @Test
  @Order(6)
  void events_pagesStreamAndRefusals() throws IOException {
    Set<String> types = new TreeSet<>();
    Await.until(
        WAIT,
        "every event type in tenant-a's stream",
        () -> {
          types.clear();
          long after = 0;
          while (true) {
            var page = api.expect(200, events("?after=" + after + "&limit=1000"));
            page.json().get("events").forEach(e -> types.add(e.get("type").asText()));
            long next = page.json().get("next").asLong();
            if (next == after) {
              break;
            }
            after = next;
          }
          return types.size() == 6;
        });
    var one = api.expect(200, events("?limit=1"));
    assertEquals(1, one.json().get("events").size(), one.body());
    long first = one.json().get("next").asLong();
    var resumed = api.expect(200, events("?limit=1").header("Last-Event-ID", "" + first));
    assertTrue(resumed.json().get("events").get(0).get("offset").asLong() > first, resumed.body());
    api.expect(200, events(""));

    api.expect(
        400, events("?colour=red").invalidBecause("validation.request.parameter.query.unexpected"));
    api.expect(
        400, events("?limit=0").invalidBecause("validation.request.parameter.schema.minimum"));
    api.expect(
        400, events("?limit=1001").invalidBecause("validation.request.parameter.schema.maximum"));
    api.expect(
        400, events("?after=-1").invalidBecause("validation.request.parameter.schema.minimum"));
    api.expect(
        400, events("?after=soon").invalidBecause("validation.request.parameter.schema.type"));
    api.expect(
        400,
        events("")
            .header("Last-Event-ID", "abc")
            .invalidBecause("validation.request.parameter.schema.pattern"));

    Call sse = events("?after=0").header("Accept", "text/event-stream");
    try (var stream = api.openStream(200, sse)) {
      assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
      // The body is not schema-validated (see ContractClient.openStream): check its framing here.
      Map<String, String> frame = sseFields(stream.firstEventOrBody());
      assertEquals("ServiceCallScheduled", frame.get("event"), frame.toString());
      var data = JSON.readTree(frame.get("data"));
      assertEquals(frame.get("id"), data.get("offset").asText(), frame.toString());
      assertEquals(frame.get("event"), data.get("type").asText(), frame.toString());
      assertEquals("SCHEDULED", data.get("data").get("status").asText(), frame.toString());
      // The data line is one event as in a JSON page: hold it to that schema as a one-event page.
      ObjectNode asPage = JSON.createObjectNode().put("next", data.get("offset").asLong());
      asPage.putArray("events").add(data);
      var report =
          document
              .validator()
              .validateResponse(
                  A_EVENTS,
                  Request.Method.GET,
                  SimpleResponse.Builder.ok()
                      .withContentType("application/json")
                      .withHeader(ReadModelFreshness.OFFSET_HEADER, "1")
                      .withHeader(ReadModelFreshness.LAG_HEADER, "0")
                      .withBody(asPage.toString())
                      .build());
      assertTrue(report.getMessages().isEmpty(), frame + "\n" + report.getMessages());
      // The one stream this node serves is taken: the next is refused until it ends.
      try (var refused = api.openStream(503, sse)) {
        assertTrue(
            refused.firstEventOrBody().contains("/problems/too-many-streams"), refused.toString());
      }
    }
    // Not checked here: that the slot frees once the first stream's client has gone. The server
    // notices a closed connection only when a write to it fails, which with no new events is the
    // second heartbeat (15 s apart): measured 31 s, too slow for this test.
  }

  @Test
  @Order(7)
  void anonymousOperations() throws IOException {
    // Anonymous: no key at all.
    var doc = api.expect(200, Call.of("GET", "/api/v1/openapi.json"));
    assertTrue(doc.contentType().startsWith("application/json"), doc.contentType());
    assertEquals(JSON.readTree(resource()), doc.json(), "served document is the classpath one");
    api.expect(200, Call.of("GET", "/health/live"));
    Await.until(
        WAIT, "node ready", () -> api.send(Call.of("GET", "/health/ready")).status() == 200);
  }

  /**
   * RELIABILITY S3, enumerated from the document: every operation that needs a key refuses a
   * missing or malformed one with 401, and answers another tenant's key on tenant-a's existing
   * resource with 404 — and none of these requests changes anything.
   */
  @Test
  @Order(8)
  void securedOperations_refuseBadKeys_andHideOtherTenantsResources() {
    Map<String, Function<String, Call>> samples = samples();
    Set<String> checked = new TreeSet<>();
    node.assertUnchangedBy(
        () -> {
          for (Operation op : document.operations()) {
            if (!op.secured()) {
              continue;
            }
            Function<String, Call> sample = samples.get(op.id());
            assertNotNull(sample, "no sample request for " + op.id() + ": add one to samples()");
            Call call = sample.apply(fill(op.path()));
            api.expect(401, call.invalidBecause("validation.request.security.missing"));
            api.expect(
                401,
                call.header("Authorization", "Basic dXNlcjpwYXNz")
                    .invalidBecause("validation.request.security.invalid"));
            api.expect(401, call.key("not-a-key-" + UUID.randomUUID()));
            // A key's SHA-256, the form API_KEYS may hold it in, is not the key.
            api.expect(401, call.key(sha256Hex(KEY_A)));
            api.expect(401, call.key(""));
            api.expect(404, call.key(KEY_B));
            checked.add(op.id());
          }
        });
    assertTrue(checked.size() >= 7, "secured operations checked: " + checked);
  }

  /**
   * The event subscription's whole life, with a type filter nothing here produces (no call of
   * tenant-a is cancelled meanwhile), so it delivers nothing and leaves no calls behind.
   */
  @Test
  @Order(10)
  void eventSubscription_everyDocumentedOutcome() {
    api.expect(404, subscription("GET"));
    api.expect(404, subscription("DELETE"));
    var created = api.expect(201, subscription("PUT").json(subscriptionBody().toString()));
    assertEquals(A_SUBSCRIPTION, created.header("Location"));
    assertEquals("***", created.json().get("headers").get("Authorization").asText());
    var replaced = api.expect(200, subscription("PUT").json(subscriptionBody().toString()));
    assertEquals(created.json().get("createdAt"), replaced.json().get("createdAt"));
    assertEquals(replaced.json(), api.expect(200, subscription("GET")).json());

    // Refused by the document and the server alike.
    api.expect(
        400,
        subscription("PUT")
            .json(subscriptionBody().put("colour", "red").toString())
            .invalidBecause("validation.request.body.schema.additionalProperties"));
    api.expect(
        400,
        subscription("PUT")
            .json(subscriptionBody().put("url", "ftp://127.0.0.1/hooks").toString())
            .invalidBecause("validation.request.body.schema.pattern"));
    ObjectNode nope = subscriptionBody();
    nope.putArray("eventTypes").add("Nope");
    api.expect(
        400,
        subscription("PUT")
            .json(nope.toString())
            .invalidBecause("validation.request.body.schema.enum"));
    api.expect(
        400,
        subscription("PUT")
            .json("{\"url\":")
            .invalidBecause("validation.request.body.schema.invalidJson"));
    api.expect(
        413,
        subscription("PUT")
            .json(subscriptionBody().put("url", "http://x/" + "x".repeat(200 * 1024)).toString())
            .invalidBecause("validation.request.body.schema.maxLength"));
    api.expect(
        415,
        subscription("PUT")
            .body("text/plain", subscriptionBody().toString().getBytes(StandardCharsets.UTF_8))
            .invalidBecause("validation.request.contentType.notAllowed"));
    // Well-formed for the document, refused by rules it states in prose.
    var metadata =
        api.expect(
            400,
            subscription("PUT")
                .json(subscriptionBody().put("url", "http://169.254.169.254/latest").toString()));
    assertEquals("/url", metadata.json().get("errors").get(0).get("pointer").asText());

    api.expect(204, subscription("DELETE"));
    api.expect(404, subscription("GET"));
  }

  /**
   * The server answers no method and no path the document lacks: other methods on documented paths
   * get 405 with exactly the documented methods in Allow, and paths next to documented ones 404.
   */
  @Test
  @Order(9)
  void noUndocumentedMethodOrPath() {
    Set<String> paths = new LinkedHashSet<>();
    document.operations().forEach(op -> paths.add(fill(op.path())));
    for (String path : paths) {
      Set<String> documented = document.methodsOf(path);
      for (String method : METHODS) {
        if (documented.contains(method)) {
          continue;
        }
        var r =
            ApiTestSupport.send(
                node.port(), method, path, ApiTestSupport.bearer(KEY_A), null, false);
        assertEquals(405, r.status(), method + " " + path + ": " + r.body());
        if (!method.equals("HEAD")) {
          assertProblem(r, 405, "method-not-allowed");
        }
        assertEquals(
            documented,
            allow(r.header("Allow")),
            "Allow of " + method + " " + path + " vs the document");
      }
    }
    Set<String> probes = new TreeSet<>(UNDOCUMENTED_PROBES);
    for (String path : paths) {
      probes.add(path + "/unknown");
      for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
        probes.add(path.substring(0, i));
        probes.add(path.substring(0, i) + "/unknown");
      }
    }
    probes.removeAll(paths);
    for (String probe : probes) {
      var r =
          ApiTestSupport.send(node.port(), "GET", probe, ApiTestSupport.bearer(KEY_A), null, false);
      assertEquals(
          404,
          r.status(),
          "GET " + probe + " is answered but not in the document: " + r.status() + " " + r.body());
      assertProblem(r, 404, "not-found");
    }
    // The one documented alias: a trailing slash on the collection.
    assertEquals(200, a.get(A_CALLS + "/").status());
  }

  /**
   * Storage failures, first with the database reachable but tables taken away under the running
   * node (renamed, given back afterwards): journal and read-model queries fail with a storage error
   * and answer 503 storage-unavailable (not 500), entities that cannot recover do not answer (503
   * unavailable), and readiness stays UP, since it reports whether the database answers, not
   * whether a table is there.
   */
  @Test
  @Order(90)
  void failures_whenJournalOrReadModelTablesAreGone() throws SQLException {
    try (Connection db = DriverManager.getConnection(jdbcUrl, "sa", "");
        Statement sql = db.createStatement()) {
      sql.execute("ALTER TABLE \"event_journal\" RENAME TO \"event_journal_away\"");
      try {
        assertStorageUnavailable(
            api.expect(503, Call.of("GET", A_CALLS + "/" + scheduledId + "/history").key(KEY_A)));
        // Ids no entity holds in memory, so each must recover from the journal first; in parallel,
        // since each waits out the ask timeout.
        var unavailable =
            Stream.of(
                    Call.of("GET", A_CALLS + "/" + UUID.randomUUID()).key(KEY_A),
                    Call.of("POST", A_CALLS + "/" + UUID.randomUUID() + "/cancel").key(KEY_A),
                    submit(KEY_A, minimalBody(node.neverUrl())))
                .map(call -> CompletableFuture.supplyAsync(() -> api.expect(503, call)))
                .toList();
        unavailable.forEach(r -> assertNotNull(r.join().header("Retry-After")));
      } finally {
        sql.execute("ALTER TABLE \"event_journal_away\" RENAME TO \"event_journal\"");
      }
      sql.execute("ALTER TABLE service_calls RENAME TO service_calls_away");
      try {
        assertStorageUnavailable(api.expect(503, list("limit=5")));
        assertStorageUnavailable(api.expect(503, summary("")));
      } finally {
        sql.execute("ALTER TABLE service_calls_away RENAME TO service_calls");
      }
      sql.execute("ALTER TABLE tenant_events RENAME TO tenant_events_away");
      try {
        assertStorageUnavailable(api.expect(503, events("?limit=5")));
        var ready = api.expect(200, Call.of("GET", "/health/ready"));
        assertEquals("UP", ready.json().get("database").asText(), ready.body());
      } finally {
        sql.execute("ALTER TABLE tenant_events_away RENAME TO tenant_events");
      }
    }
  }

  /**
   * A real outage: the connection to the database is cut (refused, open connections reset). The
   * health probe sees it within seconds; then readiness is 503 with the database DOWN and every
   * route that needs the database answers 503 storage-unavailable at once, except a GET of a call
   * whose entity is alive, which answers from memory. All recover once the database is back.
   */
  @Test
  @Order(91)
  void failures_whenTheDatabaseIsUnreachable() throws IOException {
    // Due within the timer horizon (2 min), so its entity stays in memory (farther ones are
    // passivated at once).
    ObjectNode soon = minimalBody(node.neverUrl());
    soon.remove("dueAt");
    soon.put("delay", "PT100S");
    String victim = remember(api.expect(201, submit(KEY_A, soon)));
    try {
      cable.mode(new FaultProxy.Refuse());
      cable.resetOpen();
      var notReady =
          Await.value(
              WAIT,
              "readiness DOWN",
              () -> api.send(Call.of("GET", "/health/ready")),
              r -> r.status() == 503);
      assertEquals("DOWN", notReady.json().get("database").asText(), notReady.body());
      for (Call call :
          List.of(
              submit(KEY_A, minimalBody(node.neverUrl())),
              list("limit=5"),
              Call.of("POST", A_CALLS + "/" + victim + "/cancel").key(KEY_A),
              Call.of("GET", A_CALLS + "/" + victim + "/history").key(KEY_A),
              summary(""),
              events("?limit=5"),
              subscription("PUT").json(subscriptionBody().toString()),
              subscription("GET"),
              subscription("DELETE"),
              // No entity in memory: it cannot recover from an unreachable journal.
              Call.of("GET", A_CALLS + "/" + UUID.randomUUID()).key(KEY_A))) {
        var r = api.expect(503, call);
        assertStorageUnavailable(r);
        assertEquals("5", r.header("Retry-After"), r.body());
      }
      // A live entity still answers from memory.
      api.expect(200, Call.of("GET", A_CALLS + "/" + victim).key(KEY_A));
    } finally {
      cable.mode(new FaultProxy.Pass());
    }
    Await.until(
        WAIT, "ready again", () -> api.send(Call.of("GET", "/health/ready")).status() == 200);
    Await.until(WAIT, "listing again", () -> api.send(list("limit=1")).status() == 200);
  }

  private static void assertStorageUnavailable(ApiClient.Response r) {
    assertProblem(r, 503, "storage-unavailable");
  }

  @Test
  @Order(100)
  void everyDocumentedOperationAndStatus_wasExercised() {
    Set<String> documented = new TreeSet<>();
    document
        .operations()
        .forEach(op -> op.statuses().forEach(s -> documented.add(op.id() + " " + s)));
    Set<String> exercised = api.exercised();
    assertTrue(documented.containsAll(NOT_PROVOKED.keySet()), "stale NOT_PROVOKED entries");
    Set<String> both = new TreeSet<>(exercised);
    both.retainAll(NOT_PROVOKED.keySet());
    assertTrue(both.isEmpty(), "provoked now, remove from NOT_PROVOKED: " + both);
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(exercised);
    missing.removeAll(NOT_PROVOKED.keySet());
    assertTrue(missing.isEmpty(), "documented but never exercised: " + missing);
  }

  // --- requests ---------------------------------------------------------------------------

  /**
   * A valid request per operation id, on the given concrete path (tenant-a's existing resources).
   * The auth checks send these with bad keys; a new secured operation needs one here.
   */
  private Map<String, Function<String, Call>> samples() {
    return Map.of(
        "submitServiceCall", p -> Call.of("POST", p).json(minimalBody(node.neverUrl()).toString()),
        "listServiceCalls", p -> Call.of("GET", p + "?limit=5"),
        "getServiceCall", p -> Call.of("GET", p),
        "cancelServiceCall", p -> Call.of("POST", p),
        "getServiceCallHistory", p -> Call.of("GET", p),
        "getTenantSummary", p -> Call.of("GET", p),
        "getTenantEvents", p -> Call.of("GET", p + "?limit=5"),
        "putEventSubscription", p -> Call.of("PUT", p).json(subscriptionBody().toString()),
        "getEventSubscription", p -> Call.of("GET", p),
        "deleteEventSubscription", p -> Call.of("DELETE", p));
  }

  private String fill(String template) {
    return template.replace("{tenant}", "tenant-a").replace("{serviceCallId}", scheduledId);
  }

  private static Call submit(String key, ObjectNode body) {
    return submit(key, body.toString());
  }

  private static Call submit(String key, String json) {
    String tenant = "tenant-" + key.substring(key.length() - 1);
    return Call.of("POST", "/api/v1/tenants/" + tenant + "/service-calls").key(key).json(json);
  }

  private static Call list(String query) {
    return Call.of("GET", A_CALLS + "?" + query).key(KEY_A);
  }

  private static Call summary(String query) {
    return Call.of("GET", "/api/v1/tenants/tenant-a/summary" + query).key(KEY_A);
  }

  private static Call subscription(String method) {
    return Call.of(method, A_SUBSCRIPTION).key(KEY_A);
  }

  private ObjectNode subscriptionBody() {
    ObjectNode n = JSON.createObjectNode().put("url", node.neverUrl());
    n.putArray("eventTypes").add("ServiceCallCancelled");
    n.putObject("headers").put("Authorization", "Bearer hook-secret");
    return n;
  }

  private static Call events(String query) {
    return Call.of("GET", A_EVENTS + query).key(KEY_A);
  }

  /** Every member of the submit body, so the whole request schema meets a real server. */
  private ObjectNode fullBody(String key) {
    ObjectNode n = minimalBody(node.neverUrl());
    n.put("name", "contract-full");
    n.with("request").putObject("headers").put("Content-Type", "application/json");
    n.with("request").put("body", "{\"n\":1}");
    n.put("dueAt", Instant.now().plusSeconds(3600).toString());
    n.put("idempotencyKey", key);
    n.putArray("tags").add("contract").add("eu");
    n.put("correlationId", "corr-" + key);
    n.putObject("retry")
        .put("maxAttempts", 3)
        .put("initialBackoff", "PT1S")
        .put("maxBackoff", "PT2S")
        .put("backoffCoefficient", 2.0);
    n.put("timeout", "PT5S");
    return n;
  }

  private static ObjectNode minimalBody(String url) {
    ObjectNode n = JSON.createObjectNode();
    n.putObject("request").put("method", "POST").put("url", url);
    n.put("dueAt", Instant.now().plusSeconds(3600).toString());
    return n;
  }

  /** Submits a call due now with quick retries and waits until it reaches {@code status}. */
  private String runToEnd(String url, String status) {
    ObjectNode body = minimalBody(url);
    body.remove("dueAt");
    body.with("request").putObject("headers").put("Authorization", "Bearer target-secret");
    body.putObject("retry")
        .put("maxAttempts", 3)
        .put("initialBackoff", "PT0.1S")
        .put("maxBackoff", "PT0.2S");
    String id = remember(api.expect(201, submit(KEY_A, body)));
    Await.until(
        WAIT,
        "call " + id + " " + status,
        () -> status.equals(a.call("tenant-a", id).json().path("status").asText()));
    return id;
  }

  private String remember(ApiClient.Response created) {
    String id = created.json().get("serviceCallId").asText();
    if (created.json().get("tenantId").asText().equals("tenant-a")) {
      node.created().add(id);
    }
    return id;
  }

  private static String sha256Hex(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resource() throws IOException {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(OpenApiRoutes.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The fields of one SSE frame ({@code name: value} lines; one optional space after ':'). */
  private static Map<String, String> sseFields(String frame) {
    Map<String, String> fields = new HashMap<>();
    for (String line : frame.split("\n")) {
      int colon = line.indexOf(':');
      String value = line.substring(colon + 1);
      fields.merge(
          line.substring(0, colon),
          value.startsWith(" ") ? value.substring(1) : value,
          (a, b) -> a + "\n" + b);
    }
    return fields;
  }

  private static Set<String> allow(String header) {
    assertNotNull(header, "405 without Allow");
    Set<String> methods = new TreeSet<>();
    Arrays.stream(header.split(",")).map(String::trim).forEach(methods::add);
    return methods;
  }
}
