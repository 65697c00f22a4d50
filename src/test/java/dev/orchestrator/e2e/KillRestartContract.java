package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.NodeProcess;
import dev.orchestrator.testing.TargetServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY F0/F6: every call acknowledged with 201 survives a SIGKILL of the node process that
 * comes right after the acknowledgement, and fires once after the restart, including calls that
 * fell due while the node was down. Runs once per database (subclasses).
 */
abstract class KillRestartContract {
  private static final int CALLS = 30;

  /** Environment that points a node at this database. */
  protected abstract Map<String, String> databaseEnv() throws Exception;

  @Test
  void killDashNine_rightAfterAcknowledgements_losesNothingAndFiresEachCallOnce() throws Exception {
    try (TargetServer target = new TargetServer()) {
      Map<String, String> env = new java.util.HashMap<>(databaseEnv());
      env.put("API_KEYS", "k=acme");
      env.put("OUTBOUND_ALLOW_HOSTS", "127.0.0.1/32:" + target.port());
      List<String> ids = new ArrayList<>();
      Instant due;
      try (NodeProcess first =
          NodeProcess.start(
              env, NodeProcess.logFile(getClass().getSimpleName() + "-first").toPath())) {
        first.awaitReady(Duration.ofSeconds(90));
        // Due after the kill: nothing may be in flight then, so exactly one delivery per call.
        due = Instant.now().plusSeconds(8);
        var api = new ApiClient(first.httpPort(), "k");
        for (int i = 0; i < CALLS; i++) {
          var r = api.submit("acme", LifecycleContract.spec(target.url("/kill"), due, ""));
          assertEquals(201, r.status(), r.body());
          ids.add(r.json().get("serviceCallId").asText());
        }
        first.kill();
      }
      try (NodeProcess second =
          NodeProcess.start(
              env, NodeProcess.logFile(getClass().getSimpleName() + "-second").toPath())) {
        second.awaitReady(Duration.ofSeconds(90));
        var api = new ApiClient(second.httpPort(), "k");
        for (String id : ids) {
          Await.value(
              Duration.ofSeconds(60),
              id + " to succeed",
              () -> api.call("acme", id),
              r -> r.status() == 200 && "SUCCEEDED".equals(r.json().get("status").asText()));
        }
        assertEquals(
            CALLS,
            target.receivedOn("/kill").size(),
            () ->
                "each call exactly once; received: "
                    + target.receivedOn("/kill").stream()
                        .map(
                            r ->
                                r.header("X-Service-Call-Id")
                                    + "#"
                                    + r.header("X-Attempt")
                                    + "@"
                                    + r.at())
                        .sorted()
                        .toList());
        assertEquals(
            CALLS,
            target.receivedOn("/kill").stream()
                .map(r -> r.header("X-Service-Call-Id"))
                .distinct()
                .count());
      }
    }
  }

  @Test
  void killDashNine_whileAttemptInFlight_rerunsItWithTheSameKeyAndHigherAttempt() throws Exception {
    try (TargetServer target = new TargetServer()) {
      target.script("/inflight", TargetServer.Reply.slow(200, Duration.ofSeconds(5)));
      Map<String, String> env = new java.util.HashMap<>(databaseEnv());
      env.put("API_KEYS", "k=acme");
      env.put("OUTBOUND_ALLOW_HOSTS", "127.0.0.1/32:" + target.port());
      String id;
      try (NodeProcess first =
          NodeProcess.start(
              env, NodeProcess.logFile(getClass().getSimpleName() + "-inflight-first").toPath())) {
        first.awaitReady(Duration.ofSeconds(90));
        var r =
            new ApiClient(first.httpPort(), "k")
                .submit("acme", LifecycleContract.spec(target.url("/inflight"), Instant.now(), ""));
        assertEquals(201, r.status(), r.body());
        id = r.json().get("serviceCallId").asText();
        Await.until(
            Duration.ofSeconds(30),
            "the attempt to reach the target",
            () -> target.receivedOn("/inflight").size() == 1);
        first.kill();
      }
      try (NodeProcess second =
          NodeProcess.start(
              env, NodeProcess.logFile(getClass().getSimpleName() + "-inflight-second").toPath())) {
        second.awaitReady(Duration.ofSeconds(90));
        var api = new ApiClient(second.httpPort(), "k");
        var done =
            Await.value(
                Duration.ofSeconds(60),
                id + " to succeed",
                () -> api.call("acme", id),
                r -> r.status() == 200 && "SUCCEEDED".equals(r.json().get("status").asText()));
        var got = target.receivedOn("/inflight");
        assertEquals(2, got.size(), "the lost attempt is run once more");
        assertEquals(got.get(0).header("Idempotency-Key"), got.get(1).header("Idempotency-Key"));
        assertEquals(List.of("1", "2"), got.stream().map(r -> r.header("X-Attempt")).toList());
        assertEquals(2, done.json().get("attempts").asInt());
      }
    }
  }
}
