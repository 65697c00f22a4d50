package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.secrets.SecretsKeys;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default without {@code SECRETS_KEY}: the first start generates the key file, a
 * restart on the same DATA_DIR reuses it and still sends what the first node accepted. PostgreSQL
 * without a key does not start at all.
 */
class H2SecretsKeyFileTest {
  @TempDir Path dataDir;

  private TestNode embedded(int targetPort) throws Exception {
    return TestNode.start(
        "",
        "",
        targetPort,
        Map.of("orchestrator.data-dir", dataDir.toString(), "orchestrator.secrets.key", ""));
  }

  @Test
  void restart_onSameDataDirWithoutKey_reusesGeneratedKeyFileAndSendsPlaintext() throws Exception {
    String token = "Bearer canary-" + UUID.randomUUID();
    String path = "/key-file-" + UUID.randomUUID();
    Path keyFile = dataDir.resolve(SecretsKeys.KEY_FILE);
    try (TargetServer target = new TargetServer()) {
      String generated;
      try (TestNode first = embedded(target.port())) {
        generated = Files.readString(keyFile);
        var r =
            first
                .client(TestNode.KEY_A)
                .submit(
                    "tenant-a",
                    "{\"request\":{\"method\":\"GET\",\"url\":\""
                        + target.url(path)
                        + "\",\"headers\":{\"Authorization\":\""
                        + token
                        + "\"}},\"dueAt\":\""
                        + Instant.now().plusSeconds(8)
                        + "\"}");
        assertEquals(201, r.status(), r.body());
      }
      assertTrue(target.receivedOn(path).isEmpty(), "due after the restart, not before");

      try (TestNode second = embedded(target.port())) {
        var got =
            Await.value(
                Duration.ofSeconds(30),
                "delivery",
                () -> target.receivedOn(path),
                l -> !l.isEmpty());
        assertEquals(token, got.get(0).header("Authorization"));
      }
      assertEquals(generated, Files.readString(keyFile), "the key file is reused, not replaced");
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        assertEquals(
            "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
      }
    }
  }

  @Test
  void start_onPostgresWithoutKey_refusesBeforeTouchingTheDatabase() {
    // Nothing listens on port 1: the refusal must come before any connection is tried.
    var e =
        assertThrows(
            IllegalStateException.class,
            () ->
                TestNode.start(
                    "jdbc:postgresql://127.0.0.1:1/none",
                    "postgres",
                    0,
                    Map.of(
                        "orchestrator.data-dir",
                        dataDir.toString(),
                        "orchestrator.secrets.key",
                        "")));

    assertTrue(e.getMessage().startsWith("SECRETS_KEY is required with PostgreSQL"));
    assertFalse(Files.exists(dataDir.resolve(SecretsKeys.KEY_FILE)));
  }
}
