package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.secrets.SecretsKeys;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.LogCapture;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TargetServer.Reply;
import dev.orchestrator.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RELIABILITY S4 on one database (subclasses): canary credentials in a target's headers, in the API
 * key and as the secrets key go through a whole lifecycle with DEBUG logging, and afterwards appear
 * only where they must: at the target, in plaintext. Each probe has a positive control (the call's
 * unique name is found where the canary is not), so an empty search cannot pass by accident.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecretsCanaryContract {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String EXTRA_HEADER = "X-Internal-Auth";
  private static final String TARGET_CANARY = "canary-target-" + UUID.randomUUID();
  private static final String EXTRA_CANARY = "canary-extra-" + UUID.randomUUID();
  private static final String API_KEY_CANARY = "canary-apikey-" + UUID.randomUUID();
  private static final String SECRETS_KEY = SecretsKeys.generate();

  /** A fresh database for one node or restart sequence. */
  protected record Database(String url, String user, String password) {}

  private final List<String> responses = new ArrayList<>();
  private LogCapture logs;
  private TargetServer target;
  private StoredBytes stored;
  private TestNode node;
  private ApiClient api;

  protected abstract Database database() throws Exception;

  protected void releaseDatabases() {}

  @BeforeAll
  void start() throws Exception {
    logs = LogCapture.start("dev.orchestrator", "org.apache.pekko.persistence");
    target = new TargetServer();
    Database db = database();
    stored = new StoredBytes(db.url(), db.user(), db.password());
    node = startNode(db);
    api = node.client(API_KEY_CANARY);
  }

  @AfterAll
  void stop() {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      target.close();
      logs.close();
      releaseDatabases();
    }
  }

  private TestNode startNode(Database db) throws Exception {
    return TestNode.start(
        db.url(),
        db.user(),
        target.port(),
        Map.of(
            "orchestrator.api-keys",
            API_KEY_CANARY + "=tenant-a," + TestNode.KEY_B + "=tenant-b",
            "orchestrator.database.password",
            db.password(),
            "orchestrator.secrets.key",
            SECRETS_KEY,
            "orchestrator.secrets.sensitive-headers",
            List.of(EXTRA_HEADER),
            "orchestrator.entity.snapshot-every",
            2));
  }

  private String submission(String name, Instant dueAt, String moreHeaders) {
    return "{\"name\":\""
        + name
        + "\",\"request\":{\"method\":\"POST\",\"url\":\""
        + target.url("/" + name)
        + "\",\"headers\":{\"Authorization\":\"Bearer "
        + TARGET_CANARY
        + "\",\""
        + EXTRA_HEADER
        + "\":\""
        + EXTRA_CANARY
        + "\""
        + moreHeaders
        + "}},\"dueAt\":\""
        + dueAt
        + "\",\"idempotencyKey\":\""
        + name
        + "\",\"retry\":{\"maxAttempts\":3,\"initialBackoff\":\"PT0.1S\"}}";
  }

  private ApiClient.Response kept(ApiClient.Response r) {
    responses.add(r.status() + " " + r.raw().headers().map() + " " + r.body());
    return r;
  }

  private ApiClient.Response awaitSucceeded(ApiClient client, String id) {
    return kept(
        Await.value(
            WAIT,
            id + " to succeed",
            () -> client.call("tenant-a", id),
            r -> r.status() == 200 && "SUCCEEDED".equals(r.json().get("status").asText())));
  }

  @Test
  void fullLifecycle_withCanaryCredentials_plaintextReachesOnlyTheTarget() {
    String name = "secrets-canary-" + UUID.randomUUID();
    String path = "/" + name;
    target.script(path, Reply.status(503), Reply.status(200));
    String body = submission(name, Instant.now(), "");

    var created = kept(api.submit("tenant-a", body));
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("serviceCallId").asText();
    var repeat = kept(api.submit("tenant-a", body));
    assertEquals(200, repeat.status(), "an identical resubmit seals to the same bytes");
    var refused = kept(api.submit("tenant-a", submission(name, Instant.now(), ",\"Host\":\"x\"")));
    assertEquals(400, refused.status(), refused.body());
    var done = awaitSucceeded(api, id);
    var listed =
        kept(
            Await.value(
                WAIT,
                "the list to show the call succeeded",
                () -> api.list("tenant-a", "status=SUCCEEDED&limit=500"),
                r -> r.body().contains(id)));
    kept(api.cancel("tenant-a", id));

    var received = target.receivedOn(path);
    assertEquals(2, received.size());
    for (var r : received) {
      assertEquals("Bearer " + TARGET_CANARY, r.header("Authorization"));
      assertEquals(EXTRA_CANARY, r.header(EXTRA_HEADER));
    }
    var shown = done.json().get("request").get("headers");
    assertEquals("***", shown.get("Authorization").asText());
    assertEquals("***", shown.get(EXTRA_HEADER).asText());
    assertTrue(listed.body().contains("\"Authorization\":\"***\""), listed.body());
    assertNoCanaryIn("API responses", String.join("\n", responses));
    String persistenceId = "ServiceCall|tenant-a:" + id;
    assertTrue(stored.snapshotsOf(persistenceId) > 0, "the call must have been snapshotted");
    for (String canary : canaries()) {
      assertEquals(0, stored.journalRowsContaining(canary), "journal rows with a canary");
      assertEquals(0, stored.snapshotRowsContaining(canary), "snapshot rows with a canary");
      assertEquals(0, stored.readModelRowsContaining(canary), "read-model rows with a canary");
    }
    assertTrue(stored.journalRowsContaining(name) > 0, "control: journal payloads are searchable");
    assertTrue(stored.snapshotRowsContaining(name) > 0, "control: snapshots are searchable");
    assertTrue(stored.readModelRowsContaining(name) > 0, "control: the read model is searchable");
    assertNoCanaryInLogs();
  }

  @Test
  void restart_withSameKey_sendsThePlaintextHeader() throws Exception {
    String name = "secrets-restart-" + UUID.randomUUID();
    String path = "/" + name;
    Database db = database();
    String body = submission(name, Instant.now().plusSeconds(8), "");
    try (TestNode first = startNode(db)) {
      var created = kept(first.client(API_KEY_CANARY).submit("tenant-a", body));
      assertEquals(201, created.status(), created.body());
    }
    assertTrue(target.receivedOn(path).isEmpty(), "due after the restart, not before");

    Instant restarted = Instant.now();
    try (TestNode second = startNode(db)) {
      var got = Await.value(WAIT, "delivery", () -> target.receivedOn(path), r -> !r.isEmpty());
      assertEquals("Bearer " + TARGET_CANARY, got.get(0).header("Authorization"));
      assertEquals(EXTRA_CANARY, got.get(0).header(EXTRA_HEADER));
      assertFalse(got.get(0).at().isBefore(restarted), "sent by the restarted node");
    }
    assertNoCanaryInLogs();
  }

  private List<String> canaries() {
    return List.of(TARGET_CANARY, EXTRA_CANARY, API_KEY_CANARY, SECRETS_KEY);
  }

  private void assertNoCanaryIn(String where, String text) {
    for (String canary : canaries()) {
      assertFalse(text.contains(canary), where + " contain a canary: " + canary);
    }
  }

  private void assertNoCanaryInLogs() {
    String captured = logs.text();
    assertTrue(captured.contains("DEBUG"), "control: DEBUG lines are captured");
    assertNoCanaryIn("logs", captured);
  }
}
