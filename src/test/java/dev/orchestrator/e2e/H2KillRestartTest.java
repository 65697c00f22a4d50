package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.NodeProcess;
import dev.orchestrator.testing.TargetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY F0/F6 on the embedded default: every call acknowledged with 201 survives a SIGKILL
 * that comes right after the acknowledgement, and fires once after the restart, including calls
 * that fell due while the node was down.
 */
class H2KillRestartTest {
  private static final int CALLS = 30;

  @Test
  void killDashNine_rightAfterAcknowledgements_losesNothingAndFiresEachCallOnce() throws Exception {
    Path dataDir = Files.createTempDirectory("orchestrator-kill");
    try (TargetServer target = new TargetServer()) {
      Map<String, String> env =
          Map.of(
              "DATA_DIR", dataDir.toString(),
              "API_KEYS", "k=acme",
              "OUTBOUND_ALLOW_HOSTS", "127.0.0.1/32:" + target.port());
      List<String> ids = new ArrayList<>();
      Instant due = Instant.now().plusSeconds(8);
      try (NodeProcess first = NodeProcess.start(env, NodeProcess.logFile("kill-first").toPath())) {
        first.awaitReady(Duration.ofSeconds(90));
        var api = new ApiClient(first.httpPort(), "k");
        for (int i = 0; i < CALLS; i++) {
          var r = api.submit("acme", LifecycleContract.spec(target.url("/kill"), due, ""));
          assertEquals(201, r.status(), r.body());
          ids.add(r.json().get("serviceCallId").asText());
        }
        first.kill();
      }
      try (NodeProcess second = NodeProcess.start(env, NodeProcess.logFile("kill-second").toPath())) {
        second.awaitReady(Duration.ofSeconds(90));
        var api = new ApiClient(second.httpPort(), "k");
        for (String id : ids) {
          Await.value(Duration.ofSeconds(60), id + " to succeed", () -> api.call("acme", id),
              r -> r.status() == 200 && "SUCCEEDED".equals(r.json().get("status").asText()));
        }
        assertEquals(CALLS, target.receivedOn("/kill").size(), "each call exactly once");
        assertEquals(
            CALLS,
            target.receivedOn("/kill").stream().map(r -> r.header("X-Service-Call-Id")).distinct().count());
      }
    }
  }
}
