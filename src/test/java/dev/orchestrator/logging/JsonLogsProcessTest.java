package dev.orchestrator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.NodeProcess;
import dev.orchestrator.testing.TargetServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LOG_FORMAT=json on a real node process: every line it writes is one JSON object. */
class JsonLogsProcessTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void logFormatJson_everyLineIsOneJsonObject() throws Exception {
    var log = NodeProcess.logFile("json-logs").toPath();
    try (var target = new TargetServer()) {
      var env =
          Map.of(
              "DATA_DIR",
              Files.createTempDirectory("orchestrator-json").toString(),
              "API_KEYS",
              "k=acme",
              "OUTBOUND_ALLOW_HOSTS",
              "127.0.0.1/32:" + target.port(),
              "LOG_FORMAT",
              "json");
      try (var node = NodeProcess.start(env, log)) {
        node.awaitReady(Duration.ofSeconds(60));
        var api = new ApiClient(node.httpPort(), "k");
        var r =
            api.submit(
                "acme", "{\"request\":{\"method\":\"POST\",\"url\":\"" + target.url("/j") + "\"}}");
        assertEquals(201, r.status(), r.body());
        Await.until(Duration.ofSeconds(30), "delivery", () -> !target.received().isEmpty());
      }
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode json = MAPPER.readTree(line);
      assertTrue(json.isObject(), line);
      assertTrue(json.has("timestamp") && json.has("level") && json.has("message"), line);
      lines.add(json);
    }
    assertFalse(lines.isEmpty());
    assertTrue(
        lines.stream()
            .anyMatch(j -> j.get("message").asText().startsWith("Orchestrator listening")),
        "startup line");
  }
}
