package dev.orchestrator.http;

import static dev.orchestrator.http.ApiTestSupport.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.http.ContractClient.Call;
import dev.orchestrator.testing.TestNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A request the node cannot answer within {@code pekko.http.server.request-timeout} gets the API's
 * 503 problem with Retry-After, as the OpenAPI document says, not Pekko's text/plain default. The
 * request timeout is set below the ask timeout, and the journal is taken away so that an entity
 * never finishes recovering.
 */
class RequestTimeoutTest {
  @Test
  void requestTimeout_isA503ProblemWithRetryAfter() throws Exception {
    String jdbcUrl = TestNode.h2Memory("request-timeout");
    try (ApiNode node =
        ApiNode.start(
            jdbcUrl,
            "",
            "",
            Map.of(
                "pekko.http.server.request-timeout",
                "2s",
                "orchestrator.http.ask-timeout",
                "30s"))) {
      var document = OpenApiDocument.parse(node.client(null).get("/api/v1/openapi.json").body());
      var api = new ContractClient(node.port(), document);
      try (Connection db = DriverManager.getConnection(jdbcUrl, "sa", "");
          Statement sql = db.createStatement()) {
        sql.execute("ALTER TABLE \"event_journal\" RENAME TO \"event_journal_away\"");
        try {
          var r =
              api.expect(
                  503,
                  Call.of("GET", "/api/v1/tenants/tenant-a/service-calls/" + UUID.randomUUID())
                      .key(TestNode.KEY_A));
          assertProblem(r, 503, "unavailable");
          assertEquals("1", r.header("Retry-After"));
        } finally {
          sql.execute("ALTER TABLE \"event_journal_away\" RENAME TO \"event_journal\"");
        }
      }
    }
  }
}
