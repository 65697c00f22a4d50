package dev.orchestrator.http;

import static dev.orchestrator.http.ApiTestSupport.CALLS_A;
import static dev.orchestrator.http.ApiTestSupport.WAIT;
import static dev.orchestrator.http.ApiTestSupport.assertProblem;
import static dev.orchestrator.http.ApiTestSupport.assertValidation;
import static dev.orchestrator.http.ApiTestSupport.bearer;
import static dev.orchestrator.http.ApiTestSupport.send;
import static dev.orchestrator.http.ApiTestSupport.validBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * The mechanics of {@link ApiUnicodeContract}: send a body that must be refused and prove nothing
 * changed, or submit one that must round-trip and compare what the entity, the read model and the
 * target each hold with what was sent.
 */
final class UnicodeChecks {
  private final ApiNode node;
  private final ApiClient api;
  private final TargetServer target;

  UnicodeChecks(ApiNode node) {
    this.node = node;
    this.api = node.client(TestNode.KEY_A);
    this.target = node.target();
  }

  /**
   * A valid submit body in which the string at {@code field} (name, url (appended to the path),
   * body, header (value of X-Test) or headername (appended to X-Name)) holds {@code raw}: JSON text
   * such as the escape {@code \\ud800}, which no Java string can carry into UTF-8, or bytes that
   * are not UTF-8 at all.
   */
  byte[] bodyWith(String field, byte[] raw) {
    ObjectNode n = validBody(target.url("/never"), null);
    n.put("name", "name-@name@");
    ObjectNode request = (ObjectNode) n.get("request");
    request.put("url", target.url("/never") + "@url@");
    request.put("body", "body-@body@");
    ((ObjectNode) request.get("headers")).put("X-Test", "value-@header@");
    ((ObjectNode) request.get("headers")).put("X-Name@headername@", "v");
    String marker = "@" + field + "@";
    String json = n.toString().replaceAll("@(?!" + field + "@)[a-z]+@", "");
    int at = json.indexOf(marker);
    var out = new ByteArrayOutputStream();
    out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(raw);
    out.writeBytes(json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** 400 with exactly {@code pointer} (malformed JSON when null), and nothing changed. */
  void assertRefused(byte[] body, String pointer) {
    var headers = new HashMap<>(bearer(TestNode.KEY_A));
    headers.put("Content-Type", "application/json");
    node.assertUnchangedBy(
        () -> {
          var r = send(node.port(), "POST", CALLS_A, headers, body, false);
          if (pointer == null) {
            assertProblem(r, 400, "malformed-json");
          } else {
            assertValidation(r, pointer);
          }
        });
  }

  /**
   * Submits a call due now with this name and body; once it succeeded, the entity (GET) and the
   * read model (list) show both exactly and the target received exactly the body's UTF-8 bytes.
   */
  void assertRoundTrip(String name, String requestBody) {
    String path = "/unicode/" + UUID.randomUUID();
    String id = submitDueNow(path, name, requestBody);
    JsonNode got = api.call("tenant-a", id).json();
    assertEquals(name, got.get("name").asText(), "name from the entity");
    assertEquals(requestBody, got.at("/request/bodySnippet").asText(), "body from the entity");
    JsonNode listed = listedWhenSucceeded(id);
    assertEquals(name, listed.get("name").asText(), "name from the read model");
    assertEquals(requestBody, listed.at("/request/bodySnippet").asText(), "body in read model");
    var received = target.receivedOn(path);
    assertEquals(1, received.size(), "requests the target received");
    assertArrayEquals(
        requestBody.getBytes(StandardCharsets.UTF_8),
        received.get(0).body().getBytes(StandardCharsets.UTF_8),
        "body bytes the target received");
  }

  /** Submits a call due now and returns it from GET and from the list once it succeeded. */
  JsonNode[] submitAndShow(String name, String requestBody) {
    String id = submitDueNow("/unicode/" + UUID.randomUUID(), name, requestBody);
    var got = api.call("tenant-a", id);
    assertEquals(200, got.status(), got.body());
    return new JsonNode[] {got.json(), listedWhenSucceeded(id)};
  }

  private String submitDueNow(String path, String name, String requestBody) {
    ObjectNode n = validBody(target.url(path), null);
    n.remove("dueAt");
    n.put("name", name);
    ((ObjectNode) n.get("request")).put("body", requestBody);
    var r = api.submit("tenant-a", n.toString());
    assertEquals(201, r.status(), r.body());
    String id = r.json().get("serviceCallId").asText();
    node.created().add(id);
    // Waiting for the end also keeps the journal still for the next refused-request check.
    Await.until(
        WAIT,
        "call " + id + " succeeded",
        () -> api.call("tenant-a", id).json().path("status").asText().equals("SUCCEEDED"));
    return id;
  }

  private JsonNode listedWhenSucceeded(String id) {
    return Await.value(
        WAIT,
        "call " + id + " listed as SUCCEEDED",
        () ->
            StreamSupport.stream(
                    api.list("tenant-a", "limit=500").json().get("items").spliterator(), false)
                .filter(i -> i.get("serviceCallId").asText().equals(id))
                .findFirst()
                .orElse(null),
        i -> i != null && i.path("status").asText().equals("SUCCEEDED"));
  }
}
