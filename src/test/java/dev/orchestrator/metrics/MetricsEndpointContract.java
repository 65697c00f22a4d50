package dev.orchestrator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.Scrape;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TargetServer.Reply;
import dev.orchestrator.testing.TestNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node serves its meters at GET /metrics on the management port (never the API port), and the
 * application's meters move by exactly what a few submits and attempts against a loopback target
 * did. Runs once per database (subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MetricsEndpointContract {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Map<String, String> NONE = Map.of();

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
            db[0], db[1], target.port(), Map.of("orchestrator.metrics.refresh-interval", "200ms"));
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

  private String call(String path, String extra) {
    return "{\"request\":{\"method\":\"POST\",\"url\":\""
        + target.url(path)
        + "\",\"body\":\"{}\"}"
        + extra
        + "}";
  }

  private void awaitStatus(String id, String status) {
    Await.until(
        WAIT,
        id + " to be " + status,
        () -> {
          var r = api.call("tenant-a", id);
          return r.status() == 200 && status.equals(r.json().get("status").asText());
        });
  }

  @Test
  void metricsOnManagementPort_moveWithSubmitsAndAttempts() {
    Scrape before = Scrape.metrics(node);
    assertEquals(200, before.status());
    assertTrue(before.contentType().startsWith("text/plain; version=0.0.4"), before.contentType());

    String ok = "/ok-" + UUID.randomUUID();
    String flaky = "/flaky-" + UUID.randomUUID();
    target.script(flaky, Reply.status(503), Reply.status(503));
    String key = "k-" + UUID.randomUUID();

    var first = api.submit("tenant-a", call(ok, ",\"idempotencyKey\":\"" + key + "\""));
    assertEquals(201, first.status(), first.body());
    assertEquals(
        200, api.submit("tenant-a", call(ok, ",\"idempotencyKey\":\"" + key + "\"")).status());
    var second =
        api.submit(
            "tenant-a",
            call(
                flaky,
                ",\"retry\":{\"maxAttempts\":2,\"initialBackoff\":\"PT0.1S\","
                    + "\"maxBackoff\":\"PT0.1S\"}"));
    assertEquals(201, second.status(), second.body());
    assertEquals(400, api.submit("tenant-a", "{not json").status());
    awaitStatus(first.json().get("serviceCallId").asText(), "SUCCEEDED");
    awaitStatus(second.json().get("serviceCallId").asText(), "FAILED");

    Scrape after = Scrape.metrics(node);
    assertEquals(2, delta(before, after, "orchestrator_submissions_total", accepted()));
    assertEquals(
        1,
        delta(
            before,
            after,
            "orchestrator_submissions_total",
            Map.of("result", "repeated", "reason", "none")));
    assertEquals(
        1,
        delta(
            before,
            after,
            "orchestrator_submissions_total",
            Map.of("result", "rejected", "reason", "malformed")));
    assertEquals(
        2,
        delta(
            before, after, "orchestrator_tenant_submissions_total", Map.of("tenant", "tenant-a")));
    // Exactly one success and the two scripted 503s; on a loaded machine an attempt may also time
    // out and be retried, so the other meters are checked against the attempts that really ran.
    double attempts = 0;
    for (AttemptResult r : AttemptResult.values()) {
      attempts +=
          delta(
              before,
              after,
              "orchestrator_attempt_duration_seconds_count",
              Map.of("outcome", r.label()));
    }
    assertEquals(
        1,
        delta(
            before,
            after,
            "orchestrator_attempt_duration_seconds_count",
            Map.of("outcome", "succeeded")));
    assertTrue(
        delta(
                before,
                after,
                "orchestrator_attempt_duration_seconds_count",
                Map.of("outcome", "retryable_failure"))
            >= 2);
    double tenantAttempts = 0;
    for (AttemptResult r : AttemptResult.values()) {
      tenantAttempts +=
          delta(
              before,
              after,
              "orchestrator_tenant_attempts_total",
              Map.of("tenant", "tenant-a", "outcome", r.label()));
    }
    assertEquals(attempts, tenantAttempts);
    // Every attempt here was due at once or on a retry time, so each has a lateness sample.
    assertEquals(
        attempts, delta(before, after, "orchestrator_attempt_lateness_seconds_count", NONE));
    assertEquals(
        2,
        delta(
            before,
            after,
            "orchestrator_journal_write_seconds_count",
            Map.of("operation", "submit")));
    assertEquals(
        attempts,
        delta(
            before,
            after,
            "orchestrator_journal_write_seconds_count",
            Map.of("operation", "finish")));
    assertTrue(
        delta(
                before,
                after,
                "orchestrator_http_requests_seconds_count",
                Map.of("route", "submit", "status", "2xx"))
            >= 3);
    assertTrue(
        after.value(
                "orchestrator_attempt_duration_seconds_bucket",
                Map.of("outcome", "succeeded", "le", "+Inf"))
            > 0);
    assertTrue(after.has("orchestrator_attempts_in_flight", NONE), "in-flight gauge");
    assertTrue(after.has("jvm_memory_used_bytes", NONE), "JVM memory");
    // GC pause timers appear only after a collection; this gauge is there from the start.
    assertTrue(after.has("jvm_gc_max_data_size_bytes", NONE), "JVM GC");
    assertTrue(after.has("jvm_threads_live_threads", NONE), "JVM threads");
    assertTrue(after.has("hikaricp_connections", Map.of("pool", "read-model")), "read-model pool");
    assertTrue(after.has("hikaricp_connections", Map.of("pool", "journal")), "journal pool");
  }

  @Test
  void readModelGauges_reportBacklogAndCaughtUpProjection() {
    // Refreshed every 200 ms here; once the projection has caught up the lag is exactly 0.
    Scrape s =
        Await.value(
            WAIT,
            "gauges refreshed and projection caught up",
            () -> Scrape.metrics(node),
            x ->
                x.value("orchestrator_projection_lag_seconds", NONE) == 0
                    && x.has("orchestrator_due_backlog", NONE)
                    && !Double.isNaN(x.value("orchestrator_due_backlog", NONE)));
    assertTrue(s.value("orchestrator_due_backlog", NONE) >= 0);
  }

  @Test
  void metricsAreNotServedOnTheApiPort() {
    Scrape onApi = Scrape.of(node.port(), "/metrics");
    assertEquals(404, onApi.status());
    assertFalse(onApi.body().contains("jvm_memory"), onApi.body());
  }

  private static Map<String, String> accepted() {
    return Map.of("result", "accepted", "reason", "none");
  }

  private static double delta(Scrape before, Scrape after, String name, Map<String, String> l) {
    return after.value(name, l) - before.value(name, l);
  }
}
