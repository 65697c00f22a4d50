package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TargetServer.Reply;
import dev.orchestrator.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole application on a free port, a real loopback target, and the lifecycle a client sees.
 * Runs once per database (subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LifecycleContract {
  private static final Duration WAIT = Duration.ofSeconds(30);

  protected TargetServer target;
  protected TestNode node;
  protected ApiClient api;

  /** A fresh database URL and user for one node (or one restart sequence). */
  protected abstract String[] database() throws Exception;

  protected void releaseDatabase() {}

  @BeforeAll
  void start() throws Exception {
    target = new TargetServer();
    String[] db = database();
    node = TestNode.start(db[0], db[1], target.port(), Map.of());
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

  static String spec(String url, Instant dueAt, String extra) {
    return "{\"name\":\"e2e\",\"request\":{\"method\":\"POST\",\"url\":\""
        + url
        + "\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"n\\\":1}\"},"
        + "\"dueAt\":\""
        + dueAt
        + "\""
        + extra
        + "}";
  }

  private static final String FAST_RETRY =
      ",\"retry\":{\"maxAttempts\":3,\"initialBackoff\":\"PT0.1S\",\"maxBackoff\":\"PT0.2S\"}";

  String submitOk(String json) {
    var r = api.submit("tenant-a", json);
    assertEquals(201, r.status(), r.body());
    return r.json().get("serviceCallId").asText();
  }

  ApiClient.Response awaitStatus(String id, String status) {
    return Await.value(
        WAIT,
        id + " to be " + status,
        () -> api.call("tenant-a", id),
        r -> r.status() == 200 && status.equals(r.json().get("status").asText()));
  }

  @Test
  void manyCallsDueSoon_allFireExactlyOnceAndNeverEarly() {
    String path = "/many-" + UUID.randomUUID();
    Instant base = Instant.now().plusSeconds(2);
    Map<String, Instant> dueById = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      Instant due = base.plusMillis(50L * i);
      dueById.put(submitOk(spec(target.url(path), due, "")), due);
    }

    Await.until(WAIT, "40 deliveries", () -> target.receivedOn(path).size() >= 40);
    dueById.keySet().forEach(id -> awaitStatus(id, "SUCCEEDED"));

    Map<String, List<TargetServer.Received>> byId =
        target.receivedOn(path).stream()
            .collect(Collectors.groupingBy(r -> r.header("X-Service-Call-Id")));
    assertEquals(dueById.keySet(), byId.keySet());
    byId.forEach(
        (id, got) -> {
          assertEquals(1, got.size(), "deliveries of " + id);
          assertFalse(got.get(0).at().isBefore(dueById.get(id)), id + " fired before its due time");
        });
  }

  @Test
  void targetAnswers503Twice_succeedsOnThirdAttemptWithStableKey() {
    String path = "/flaky-" + UUID.randomUUID();
    target.script(path, Reply.status(503), Reply.status(503), Reply.status(200));
    String id = submitOk(spec(target.url(path), Instant.now(), FAST_RETRY));

    var done = awaitStatus(id, "SUCCEEDED");

    assertEquals(3, done.json().get("attempts").asInt());
    var got = target.receivedOn(path);
    assertEquals(3, got.size());
    assertEquals(List.of("1", "2", "3"), got.stream().map(r -> r.header("X-Attempt")).toList());
    assertEquals(1, got.stream().map(r -> r.header("Idempotency-Key")).distinct().count());
    assertEquals("{\"n\":1}", got.get(0).body());
  }

  @Test
  void targetAnswers404_failsAfterOneAttempt() {
    String path = "/missing-" + UUID.randomUUID();
    target.script(path, Reply.status(404));
    String id = submitOk(spec(target.url(path), Instant.now(), FAST_RETRY));

    var done = awaitStatus(id, "FAILED");

    assertEquals(1, done.json().get("attempts").asInt());
    assertEquals("HTTP_STATUS", done.json().get("error").get("kind").asText());
    assertEquals(404, done.json().get("response").get("statusCode").asInt());
    assertEquals(1, target.receivedOn(path).size());
  }

  @Test
  void slowTarget_attemptTimesOutAndIsRetried() {
    String path = "/slow-" + UUID.randomUUID();
    target.script(path, Reply.slow(200, Duration.ofSeconds(3)), Reply.status(200));
    String id =
        submitOk(spec(target.url(path), Instant.now(), FAST_RETRY + ",\"timeout\":\"PT0.5S\""));

    var done = awaitStatus(id, "SUCCEEDED");

    assertEquals(2, done.json().get("attempts").asInt());
  }

  @Test
  void cancelBeforeDue_neverFires() {
    String path = "/cancelled-" + UUID.randomUUID();
    String sentinelPath = "/sentinel-" + UUID.randomUUID();
    // Far enough ahead that submit and cancel finish first even on a loaded machine.
    Instant due = Instant.now().plusSeconds(6);
    String id = submitOk(spec(target.url(path), due, ""));
    String sentinel = submitOk(spec(target.url(sentinelPath), due.plusMillis(500), ""));

    var cancelled = api.cancel("tenant-a", id);
    assertEquals(200, cancelled.status(), cancelled.body());
    assertEquals("CANCELLED", cancelled.json().get("status").asText());

    awaitStatus(sentinel, "SUCCEEDED");
    assertTrue(target.receivedOn(path).isEmpty());
    assertEquals(409, api.cancel("tenant-a", id).status());
  }

  @Test
  void resubmitWithSameKey_answersTheSameCallAndConflictsOnDifferentSpec() {
    String key = ",\"idempotencyKey\":\"order-" + UUID.randomUUID() + "\"";
    Instant due = Instant.now().plusSeconds(600);
    String first = submitOk(spec(target.url("/idem"), due, key));

    var repeat = api.submit("tenant-a", spec(target.url("/idem"), due, key));
    var different = api.submit("tenant-a", spec(target.url("/idem-other"), due, key));
    var otherTenant =
        node.client(TestNode.KEY_B).submit("tenant-b", spec(target.url("/idem"), due, key));

    assertEquals(200, repeat.status());
    assertEquals(first, repeat.json().get("serviceCallId").asText());
    assertEquals(409, different.status());
    assertTrue(different.contentType().startsWith("application/problem+json"));
    assertEquals(201, otherTenant.status(), "keys are per tenant");
    assertNotEquals(first, otherTenant.json().get("serviceCallId").asText());
  }

  @Test
  void list_filtersByTagAndStatusAndPagesWithoutGapsOrDuplicates() {
    String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
    Instant due = Instant.now().plusSeconds(3600);
    List<String> ids =
        java.util.stream.IntStream.range(0, 7)
            .mapToObj(i -> submitOk(spec(target.url("/list"), due, ",\"tags\":[\"" + tag + "\"]")))
            .toList();

    Function<String, ApiClient.Response> page =
        q -> api.list("tenant-a", "tag=" + tag + "&status=SCHEDULED&limit=3" + q);
    Await.until(
        WAIT,
        "read model to show 7 calls",
        () -> api.list("tenant-a", "tag=" + tag + "&limit=100").json().get("items").size() == 7);
    var seen = new java.util.ArrayList<String>();
    String cursor = null;
    do {
      var r = page.apply(cursor == null ? "" : "&cursor=" + cursor);
      assertEquals(200, r.status(), r.body());
      r.json().get("items").forEach(item -> seen.add(item.get("serviceCallId").asText()));
      cursor = r.json().hasNonNull("nextCursor") ? r.json().get("nextCursor").asText() : null;
    } while (cursor != null);

    var expected = new java.util.ArrayList<>(ids);
    java.util.Collections.reverse(expected);
    assertEquals(expected, seen, "newest first, each once");
    assertEquals(
        0, api.list("tenant-a", "tag=" + tag + "&status=SUCCEEDED").json().get("items").size());
  }

  private String submitNamed(String name, Instant due, String... tags) {
    String tagJson =
        java.util.Arrays.stream(tags).map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
    return submitOk(
        "{\"name\":\""
            + name
            + "\",\"request\":{\"method\":\"POST\",\"url\":\""
            + target.url("/filters")
            + "\"},\"dueAt\":\""
            + due
            + "\",\"tags\":["
            + tagJson
            + "]}");
  }

  private List<String> listIds(String query) {
    var r = api.list("tenant-a", query + "&limit=100");
    assertEquals(200, r.status(), r.body());
    var ids = new java.util.ArrayList<String>();
    r.json().get("items").forEach(i -> ids.add(i.get("serviceCallId").asText()));
    return ids;
  }

  @Test
  void list_filtersBySeveralTags_namePrefixTakenLiterally_andFinishedRange() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String x = "x-" + run;
    String y = "y-" + run;
    Instant later = Instant.now().plusSeconds(3600);
    Instant beforeDone = Instant.now();
    String done = submitNamed(run + "_done", Instant.now(), x, y);
    String both = submitNamed(run + "_both", later, x, y);
    String onlyX = submitNamed(run + "%onlyx", later, x);
    String onlyY = submitNamed("other-" + run, later, y);
    awaitStatus(done, "SUCCEEDED");
    Await.until(
        WAIT,
        "read model to show all four",
        () ->
            listIds("tag=" + x + "," + y).size() == 2
                && listIds("tag=" + x).size() == 3
                && listIds("tag=" + y).size() == 3
                && listIds("tag=" + x + "&status=SUCCEEDED").size() == 1);

    assertEquals(java.util.Set.of(done, both), java.util.Set.copyOf(listIds("tag=" + x + "," + y)));
    // `_` and `%` are literal in a prefix, not LIKE wildcards.
    assertEquals(
        java.util.Set.of(done, both), java.util.Set.copyOf(listIds("namePrefix=" + run + "_")));
    assertEquals(List.of(onlyX), listIds("namePrefix=" + run + "%25"));
    assertEquals(List.of(onlyY), listIds("namePrefix=other-" + run));
    assertEquals(List.of(done), listIds("tag=" + x + "&finishedFrom=" + beforeDone));
    assertEquals(List.of(), listIds("tag=" + x + "&finishedTo=" + beforeDone));
    assertEquals(400, api.list("tenant-a", "tag=a,b,c,d,e,f").status());
    assertEquals(400, api.list("tenant-a", "tag=a,,b").status());
    assertEquals(400, api.list("tenant-a", "finishedFrom=yesterday").status());
  }

  @Test
  void callsDueFarAhead_arePassivatedSoMemoryDoesNotGrowWithThem() {
    Instant due = Instant.now().plus(Duration.ofDays(1));
    List<String> ids =
        java.util.stream.IntStream.range(0, 30)
            .mapToObj(i -> submitOk(spec(target.url("/far"), due, "")))
            .toList();

    Await.until(
        WAIT,
        "far-ahead calls to leave memory",
        () -> {
          var live = node.liveEntityIds();
          return ids.stream().noneMatch(id -> live.contains("tenant-a:" + id));
        });
    assertEquals("SCHEDULED", api.call("tenant-a", ids.get(0)).json().get("status").asText());
  }

  @Test
  void restartOnSameDatabase_scheduledCallsStillFireOnce() throws Exception {
    String path = "/restart-" + UUID.randomUUID();
    TargetServer own = target;
    String[] db = database();
    List<String> ids = new java.util.ArrayList<>();
    try (TestNode first = TestNode.start(db[0], db[1], own.port(), Map.of())) {
      var client = first.client(TestNode.KEY_A);
      Instant due = Instant.now().plusSeconds(6);
      for (int i = 0; i < 10; i++) {
        var r = client.submit("tenant-a", spec(own.url(path), due, ""));
        assertEquals(201, r.status(), r.body());
        ids.add(r.json().get("serviceCallId").asText());
      }
    }
    try (TestNode second = TestNode.start(db[0], db[1], own.port(), Map.of())) {
      Await.until(WAIT, "10 deliveries after restart", () -> own.receivedOn(path).size() >= 10);
      var client = second.client(TestNode.KEY_A);
      for (String id : ids) {
        Await.value(
            WAIT,
            id + " succeeded",
            () -> client.call("tenant-a", id),
            r -> r.status() == 200 && "SUCCEEDED".equals(r.json().get("status").asText()));
      }
      assertEquals(10, own.receivedOn(path).size(), "each call exactly once");
    }
  }
}
