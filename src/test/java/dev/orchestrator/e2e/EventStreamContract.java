package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tenant event stream ({@code GET …/tenants/{t}/events}) over real HTTP: journal order, only
 * the tenant's own events, stable offsets that page and resume without gaps or repeats (also while
 * the projection writes concurrently), and the SSE form with Last-Event-ID. Runs once per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventStreamContract {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> LIFECYCLE =
      List.of("ServiceCallScheduled", "ExecutionStarted", "ServiceCallSucceeded");

  private TargetServer target;
  private TestNode node;
  private ApiClient api;

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

  private String submit(ApiClient client, String tenant) {
    String json =
        "{\"request\":{\"method\":\"POST\",\"url\":\""
            + target.url("/events")
            + "\",\"headers\":{\"Authorization\":\"Bearer stream-canary-secret\"}}}";
    var r = client.submit(tenant, json);
    assertEquals(201, r.status(), r.body());
    return r.json().get("serviceCallId").asText();
  }

  private JsonNode page(String query) {
    var r = api.get("/api/v1/tenants/tenant-a/events" + query);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** Every event of the tenant from the start, following {@code next} with the given page size. */
  private List<JsonNode> readAll(int limit) {
    List<JsonNode> all = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode p = page("?after=" + after + "&limit=" + limit);
      p.get("events").forEach(all::add);
      if (p.get("events").isEmpty()) {
        return all;
      }
      after = p.get("next").asLong();
    }
  }

  private List<String> typesOf(List<JsonNode> events, String callId) {
    return events.stream()
        .filter(e -> callId.equals(e.get("serviceCallId").asText()))
        .map(e -> e.get("type").asText())
        .toList();
  }

  @Test
  void page_showsTheTenantsLifecycleInOrder_onlyItsOwn_withoutSecrets() {
    String mine = submit(api, "tenant-a");
    String theirs = submit(node.client(TestNode.KEY_B), "tenant-b");
    Await.until(
        WAIT, "a's lifecycle in the stream", () -> typesOf(readAll(1000), mine).equals(LIFECYCLE));

    List<JsonNode> events = readAll(1000);
    assertTrue(events.stream().noneMatch(e -> theirs.equals(e.get("serviceCallId").asText())));
    JsonNode done =
        events.stream()
            .filter(e -> mine.equals(e.get("serviceCallId").asText()))
            .filter(e -> e.get("type").asText().equals("ServiceCallSucceeded"))
            .findFirst()
            .orElseThrow();
    assertEquals("SUCCEEDED", done.get("data").get("status").asText());
    assertEquals(200, done.get("data").get("responseStatus").asInt());
    assertFalse(events.toString().contains("stream-canary-secret"), "no request headers");
  }

  @Test
  void paging_withAfterAndLimit_givesEveryEventOnce_inIncreasingOffsets() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(submit(api, "tenant-a"));
    }
    Await.until(
        WAIT,
        "all lifecycles in the stream",
        () -> ids.stream().allMatch(id -> typesOf(readAll(1000), id).equals(LIFECYCLE)));

    List<JsonNode> byTwo = readAll(2);
    List<JsonNode> atOnce = readAll(1000);
    assertEquals(offsets(atOnce), offsets(byTwo));
    List<Long> offsets = offsets(atOnce);
    for (int i = 1; i < offsets.size(); i++) {
      assertTrue(offsets.get(i) > offsets.get(i - 1), "offsets increase: " + offsets);
    }
  }

  private static List<Long> offsets(List<JsonNode> events) {
    return events.stream().map(e -> e.get("offset").asLong()).toList();
  }

  @Test
  void badParameters_are400Problems() {
    for (String q :
        List.of("?after=-1", "?after=abc", "?limit=0", "?limit=1001", "?limit=x", "?offset=1")) {
      var r = api.get("/api/v1/tenants/tenant-a/events" + q);
      assertEquals(400, r.status(), q + ": " + r.body());
      assertEquals("application/problem+json", r.contentType(), q);
    }
  }

  @Test
  void otherTenantsStream_isNotFound() {
    var r = api.get("/api/v1/tenants/tenant-b/events");
    assertEquals(404, r.status(), r.body());
  }

  @Test
  void tailingWhileCallsRunConcurrently_seesEveryEventExactlyOnce() throws Exception {
    long start = lastOffset();
    int calls = 40;
    ExecutorService submitters = Executors.newFixedThreadPool(8);
    List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      for (int i = 0; i < calls; i++) {
        submitters.execute(() -> ids.add(submit(api, "tenant-a")));
      }
      // A consumer tailing the stream while the projection is writing: it must not skip an event
      // that commits after a later one was already visible.
      List<JsonNode> seen = new ArrayList<>();
      long after = start;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (seen.size() < calls * LIFECYCLE.size() && System.nanoTime() < deadline) {
        JsonNode p = page("?after=" + after + "&limit=7");
        p.get("events").forEach(seen::add);
        after = p.get("next").asLong();
      }
      submitters.shutdown();
      assertTrue(submitters.awaitTermination(30, TimeUnit.SECONDS));
      assertEquals(calls, ids.size());
      Set<String> keys = new HashSet<>();
      for (JsonNode e : seen) {
        assertTrue(
            keys.add(e.get("serviceCallId").asText() + "/" + e.get("type").asText()),
            "seen twice: " + e);
      }
      for (String id : ids) {
        assertEquals(LIFECYCLE, typesOf(seen, id), "events of " + id);
      }
    } finally {
      submitters.shutdownNow();
    }
  }

  private long lastOffset() {
    List<JsonNode> all = readAll(1000);
    return all.isEmpty() ? 0 : all.get(all.size() - 1).get("offset").asLong();
  }

  @Test
  void serverSentEvents_followNewEvents_andResumeFromLastEventId() throws Exception {
    long start = lastOffset();
    try (var sse = Sse.open(node.port(), "?after=" + start, null)) {
      String id = submit(api, "tenant-a");
      Instant submitted = Instant.now();
      List<Sse.Event> got = sse.awaitEvents(3, WAIT);
      Instant received = Instant.now();
      assertEquals(LIFECYCLE, got.stream().map(Sse.Event::type).toList());
      assertTrue(got.stream().allMatch(e -> e.data().contains(id)));
      JsonNode last = JSON.readTree(got.get(2).data());
      System.out.printf(
          "event stream: submit to SSE receipt of ServiceCallSucceeded %d ms; persisted to receipt"
              + " %d ms%n",
          Duration.between(submitted, received).toMillis(),
          Duration.between(Instant.parse(last.get("occurredAt").asText()), received).toMillis());

      // A client that processed the first event reconnects with its id: the stream goes on
      // from the next one.
      try (var resumed = Sse.open(node.port(), "", got.get(0).id())) {
        List<Sse.Event> again = resumed.awaitEvents(2, WAIT);
        assertEquals(List.of(got.get(1).id(), got.get(2).id()), ids(again));
      }
    }
  }

  private static List<String> ids(List<Sse.Event> events) {
    return events.stream().map(Sse.Event::id).toList();
  }

  /** A minimal SSE client over java.net.http: lines parsed into events on a reader thread. */
  private static final class Sse implements AutoCloseable {
    record Event(String id, String type, String data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Stream<String> lines;
    private final Thread reader;

    private Sse(Stream<String> lines) {
      this.lines = lines;
      this.reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static Sse open(int port, String query, String lastEventId)
        throws IOException, InterruptedException {
      var request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:" + port + "/api/v1/tenants/tenant-a/events" + query))
              .header("Authorization", "Bearer " + TestNode.KEY_A)
              .header("Accept", "text/event-stream");
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<Stream<String>> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, response.statusCode());
      assertTrue(
          response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      return new Sse(response.body());
    }

    private void read() {
      String id = null;
      String type = null;
      StringBuilder data = new StringBuilder();
      try {
        for (String line : (Iterable<String>) lines::iterator) {
          if (line.isEmpty()) {
            if (data.length() > 0) {
              events.add(new Event(id, type, data.toString()));
            }
            id = null;
            type = null;
            data.setLength(0);
          } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            type = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).trim());
          }
        }
      } catch (RuntimeException e) {
        if (!closed.get()) {
          throw e;
        }
      }
    }

    List<Event> awaitEvents(int n, Duration max) throws InterruptedException {
      List<Event> out = new ArrayList<>();
      long deadline = System.nanoTime() + max.toNanos();
      while (out.size() < n) {
        long left = deadline - System.nanoTime();
        Event e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError("got " + out.size() + " of " + n + " events: " + out);
        }
        out.add(e);
      }
      return out;
    }

    @Override
    public void close() {
      closed.set(true);
      lines.close();
    }
  }
}
