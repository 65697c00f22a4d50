package dev.orchestrator.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.NodeProcess;
import dev.orchestrator.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pekko Management answers on its own port (members, readiness), never on the API port, is
 * read-only by default, and cluster bootstrap through service discovery forms a cluster without
 * SEED_NODES.
 */
class ManagementAndBootstrapTest {
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();

  private static HttpResponse<String> get(int port, String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static int managementPort(TestNode node) {
    return node.node().system().settings().config().getInt("pekko.management.http.port");
  }

  private static boolean selfIsUp(int managementPort) {
    var r = get(managementPort, "/cluster/members");
    if (r.statusCode() != 200) {
      return false;
    }
    try {
      JsonNode body = json.readTree(r.body());
      JsonNode members = body.get("members");
      return members.size() == 1 && "Up".equals(members.get(0).get("status").asText());
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void management_listsTheClusterOnItsOwnPort_andRefusesChanges() throws Exception {
    try (TestNode node = TestNode.start(TestNode.h2Memory("mgmt"), "", 1, Map.of())) {
      int port = managementPort(node);
      Await.until(Duration.ofSeconds(30), "node Up via management", () -> selfIsUp(port));
      assertEquals(200, get(port, "/ready").statusCode());
      assertEquals(200, get(port, "/alive").statusCode());
      // Not on the public port.
      assertEquals(404, get(node.port(), "/cluster/members").statusCode());
      // Read-only: no DELETE/PUT routes to down or remove a node.
      var delete =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/cluster/members/any"))
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(delete.statusCode() >= 400, "DELETE answered " + delete.statusCode());
    }
  }

  @Test
  void bootstrap_withConfigDiscovery_formsAClusterWithoutSeedNodes() throws Exception {
    int managementPort = NodeProcess.freePort();
    Map<String, Object> extra =
        Map.of(
            "orchestrator.management-port",
            managementPort,
            "orchestrator.cluster-bootstrap",
            "on",
            "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method",
            "config",
            "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr",
            1,
            "pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin",
            "1s",
            "pekko.discovery.config.services.orchestrator.endpoints",
            List.of(Map.of("host", "127.0.0.1", "port", managementPort)));
    try (TestNode node = TestNode.start(TestNode.h2Memory("bootstrap"), "", 1, extra)) {
      Await.until(
          Duration.ofSeconds(60), "cluster formed by bootstrap", () -> selfIsUp(managementPort));
      assertEquals(200, get(node.port(), "/health/ready").statusCode());
    }
  }
}
