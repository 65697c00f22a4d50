package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document on its own: a well-formed 3.1 document with the conventions the API keeps,
 * and a validator set up so that it really refuses what the document does not allow (a lenient
 * validator would make the contract test pass for anything).
 */
class OpenApiDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT = resource();
  private static final OpenApiDocument DOC = OpenApiDocument.parse(TEXT);
  private static final String CALL = "/api/v1/tenants/tenant-a/service-calls/" + uuid();

  @Test
  void isAWellFormedOpenApi31Document() {
    var options = new ParseOptions();
    options.setResolve(true);
    var result = new OpenAPIV3Parser().readContents(TEXT, null, options);
    assertTrue(
        result.getMessages() == null || result.getMessages().isEmpty(),
        "parser messages: " + result.getMessages());
    assertEquals(SpecVersion.V31, result.getOpenAPI().getSpecVersion());
  }

  @Test
  void operations_haveIdsAndSummaries_andSecuredOnesDocument401And404() {
    Set<String> ids = new HashSet<>();
    for (var op : DOC.operations()) {
      assertTrue(ids.add(op.id()), "duplicate operationId " + op.id());
      JsonNode json = DOC.json().get("paths").get(op.path()).get(op.method().toLowerCase());
      assertFalse(json.path("summary").asText().isEmpty(), op.id() + " has no summary");
      if (op.secured()) {
        assertTrue(op.statuses().containsAll(Set.of("401", "404")), op.id() + ": " + op.statuses());
        assertTrue(op.path().startsWith("/api/v1/tenants/{tenant}/"), op.id());
      } else {
        assertFalse(op.path().contains("{tenant}"), op.id() + " is anonymous on a tenant path");
      }
    }
  }

  /**
   * RELIABILITY S3: only health, readiness and this document are anonymous; they show no tenant
   * data. A new anonymous operation must be added here on purpose.
   */
  @Test
  void onlyHealthAndTheDocumentItself_areAnonymous() {
    Set<String> anonymous = new HashSet<>();
    DOC.operations().stream().filter(op -> !op.secured()).forEach(op -> anonymous.add(op.id()));
    assertEquals(Set.of("getLiveness", "getReadiness", "getOpenApiDocument"), anonymous);
  }

  /** Every error response is problem+json, the API's one error format. */
  @Test
  void errorResponses_areProblemJson() {
    for (var op : DOC.operations()) {
      JsonNode responses =
          DOC.json().get("paths").get(op.path()).get(op.method().toLowerCase()).get("responses");
      responses
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode r = e.getValue();
                if (r.has("$ref")) {
                  String name = r.get("$ref").asText().replace("#/components/responses/", "");
                  r = DOC.json().get("components").get("responses").get(name);
                }
                boolean error = e.getKey().startsWith("4") || e.getKey().startsWith("5");
                // Readiness answers 503 with its own body: monitors read which part is down.
                if (error && !op.id().equals("getReadiness")) {
                  assertEquals(
                      Set.of("application/problem+json"),
                      fieldNames(r.get("content")),
                      op.id() + " " + e.getKey());
                }
              });
    }
  }

  @Test
  void validator_acceptsARealisticCall() {
    assertNoFindings(DOC.validator().validateResponse(CALL, Request.Method.GET, ok(call())));
  }

  @Test
  void validator_refusesWhatTheCallSchemaDoesNotAllow() {
    assertRefused(c -> c.put("colour", "red"));
    assertRefused(c -> c.put("status", "PAUSED"));
    assertRefused(c -> c.remove("tenantId"));
    assertRefused(c -> c.put("attempts", "1"));
    assertRefused(c -> c.put("createdAt", "yesterday"));
    assertRefused(c -> c.put("serviceCallId", "not-a-uuid"));
    assertRefused(c -> c.with("request").put("secret", "x"));
    assertRefused(c -> c.with("request").remove("headers"));
    assertRefused(c -> c.with("response").put("statusCode", 42));
    assertRefused(c -> c.putObject("error").put("kind", "OOPS"));
    assertRefused(c -> c.putNull("name"));
  }

  @Test
  void validator_refusesUndocumentedStatusesAndMissingHeaders() {
    assertFindings(
        DOC.validator()
            .validateResponse(
                CALL,
                Request.Method.GET,
                SimpleResponse.Builder.status(418)
                    .withContentType("application/json")
                    .withBody(call().toString())
                    .build()));
    // 201 without its Location.
    assertFindings(
        DOC.validator()
            .validateResponse(
                "/api/v1/tenants/tenant-a/service-calls",
                Request.Method.POST,
                SimpleResponse.Builder.status(201)
                    .withContentType("application/json")
                    .withBody(call().toString())
                    .build()));
    // 401 without WWW-Authenticate.
    assertFindings(
        DOC.validator()
            .validateResponse(
                CALL,
                Request.Method.GET,
                SimpleResponse.Builder.status(401)
                    .withContentType("application/problem+json")
                    .withBody(problem("unauthorized", 401).toString())
                    .build()));
  }

  @Test
  void validator_holdsProblemsToTheirStatusAndType() {
    String notFound = problem("not-found", 404).toString();
    assertNoFindings(
        DOC.validator().validateResponse(CALL, Request.Method.GET, problemResponse(404, notFound)));
    // A 404 that claims to be another problem, or to have another status.
    assertFindings(
        DOC.validator()
            .validateResponse(
                CALL,
                Request.Method.GET,
                problemResponse(404, problem("unauthorized", 404).toString())));
    assertFindings(
        DOC.validator()
            .validateResponse(
                CALL,
                Request.Method.GET,
                problemResponse(404, problem("not-found", 400).toString())));
    ObjectNode badField = problem("validation", 400);
    badField.putArray("errors").addObject().put("pointer", "/x").put("detail", "d").put("at", 1);
    assertFindings(
        DOC.validator()
            .validateResponse(
                "/api/v1/tenants/tenant-a/service-calls",
                Request.Method.POST,
                problemResponse(400, badField.toString())));
  }

  @Test
  void validator_knowsNullableFromNotNullable() {
    String path = "/api/v1/tenants/tenant-a/summary";
    ObjectNode s = JSON.createObjectNode();
    s.put("tenantId", "tenant-a");
    ObjectNode counts = s.putObject("counts");
    for (String status :
        new String[] {"SCHEDULED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"}) {
      counts.put(status, 0);
    }
    s.put("dueNextMinute", 0).put("dueNextHour", 0).putNull("oldestOverdueDueAt");
    s.putObject("lateness")
        .put("window", "PT15M")
        .put("samples", 0)
        .putNull("p50Ms")
        .putNull("p99Ms");
    s.putObject("readModel").put("offset", 12).put("lagMs", 0);
    assertNoFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(s)));
    s.put("oldestOverdueDueAt", "2026-01-01T00:00:00Z");
    assertNoFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(s)));
    s.put("oldestOverdueDueAt", 5);
    assertFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(s)));
    s.remove("oldestOverdueDueAt");
    assertFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(s)));
  }

  @Test
  void validator_checksEachHistoryEventAgainstItsType() {
    String path = CALL + "/history";
    ObjectNode h = JSON.createObjectNode().put("serviceCallId", "x");
    ObjectNode e = h.putArray("events").addObject();
    e.put("seqNr", 2).put("type", "ExecutionStarted").put("at", "2026-01-01T00:00:00Z");
    e.put("attempt", 1).put("resumed", false).put("deadline", "2026-01-01T00:00:30Z");
    assertNoFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(h)));
    e.put("type", "ServiceCallSucceeded");
    assertFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(h)));
    e.put("type", "ExecutionStarted").remove("attempt");
    assertFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(h)));
  }

  @Test
  void validator_checksEachStreamEventAgainstItsType() {
    String path = "/api/v1/tenants/tenant-a/events";
    ObjectNode page = JSON.createObjectNode().put("next", 7);
    ObjectNode e = page.putArray("events").addObject();
    e.put("offset", 7).put("type", "ExecutionStarted").put("serviceCallId", "x");
    e.put("occurredAt", "2026-01-01T00:00:00Z");
    e.putObject("data").put("status", "RUNNING").put("attempt", 1).put("resumed", false);
    assertNoFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(page)));
    e.put("type", "ServiceCallSucceeded");
    assertFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(page)));
    e.put("type", "ExecutionStarted").with("data").put("requestBody", "secret");
    assertFindings(DOC.validator().validateResponse(path, Request.Method.GET, ok(page)));
  }

  @Test
  void downgrade_refusesSchemaKeywordsTheValidatorWouldIgnore() throws IOException {
    ObjectNode doc = (ObjectNode) JSON.readTree(TEXT);
    ((ObjectNode) doc.at("/components/schemas/ServiceCall/properties/tags"))
        .putArray("prefixItems")
        .addObject()
        .put("type", "string");
    assertThrows(IllegalArgumentException.class, () -> OpenApiDowngrade.to30(doc));
    ObjectNode typed = (ObjectNode) JSON.readTree(TEXT);
    ((ObjectNode) typed.at("/components/schemas/ServiceCall/properties/attempts"))
        .putArray("type")
        .add("integer")
        .add("string");
    assertThrows(IllegalArgumentException.class, () -> OpenApiDowngrade.to30(typed));
  }

  // --- fixtures ---------------------------------------------------------------------------

  private static void assertRefused(Consumer<ObjectNode> breakIt) {
    ObjectNode c = call();
    breakIt.accept(c);
    assertFindings(DOC.validator().validateResponse(CALL, Request.Method.GET, ok(c)));
  }

  private static void assertFindings(ValidationReport report) {
    assertTrue(report.hasErrors(), "the validator let it pass");
  }

  private static void assertNoFindings(ValidationReport report) {
    assertTrue(report.getMessages().isEmpty(), report.getMessages().toString());
  }

  private static SimpleResponse ok(JsonNode body) {
    return SimpleResponse.Builder.ok()
        .withContentType("application/json")
        // Required on read-model responses (list, summary, events), ignored on the others.
        .withHeader(ReadModelFreshness.OFFSET_HEADER, "12")
        .withHeader(ReadModelFreshness.LAG_HEADER, "0")
        .withBody(body.toString())
        .build();
  }

  private static SimpleResponse problemResponse(int status, String body) {
    return SimpleResponse.Builder.status(status)
        .withContentType("application/problem+json")
        .withBody(body)
        .build();
  }

  private static ObjectNode problem(String type, int status) {
    return JSON.createObjectNode()
        .put("type", Problem.TYPE_BASE + type)
        .put("title", "t")
        .put("status", status)
        .put("detail", "d");
  }

  /** A finished call with every member, as the API renders one. */
  private static ObjectNode call() {
    ObjectNode c = JSON.createObjectNode();
    c.put("tenantId", "tenant-a").put("serviceCallId", uuid()).put("name", "n");
    c.put("status", "SUCCEEDED");
    ObjectNode r = c.putObject("request").put("method", "POST").put("url", "https://x.example/");
    r.putObject("headers").put("Authorization", "***");
    r.put("bodySnippet", "{}");
    c.put("dueAt", "2026-01-01T00:00:00Z").put("createdAt", "2025-12-31T23:59:59.123456Z");
    c.put("startedAt", "2026-01-01T00:00:00.1Z").put("finishedAt", "2026-01-01T00:00:01Z");
    c.put("attempts", 1);
    ObjectNode resp = c.putObject("response").put("statusCode", 200);
    resp.putObject("headers").put("content-type", "application/json");
    resp.put("bodySnippet", "ok").put("latencyMs", 12);
    c.putArray("tags").add("t");
    c.put("correlationId", "c").put("idempotencyKey", "k");
    return c;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String uuid() {
    return "0192f0c4-9a5e-7b3c-8d2e-1f4a5b6c7d8e";
  }

  private static String resource() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(OpenApiRoutes.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
