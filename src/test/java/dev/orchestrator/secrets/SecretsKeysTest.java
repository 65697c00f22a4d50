package dev.orchestrator.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.config.SecretsSettings;
import dev.orchestrator.storage.DatabaseKind;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsKeysTest {
  @TempDir Path dataDir;

  private SecretsSettings settings(String key, DatabaseKind kind) {
    return new SecretsSettings(key, List.of(), dataDir, kind);
  }

  @Test
  void resolve_withKeySet_decodesItAndWritesNoFile() {
    String key = SecretsKeys.generate();

    byte[] resolved = SecretsKeys.resolve(settings(key, DatabaseKind.POSTGRES));

    assertArrayEquals(Base64.getDecoder().decode(key), resolved);
    assertFalse(Files.exists(dataDir.resolve(SecretsKeys.KEY_FILE)));
  }

  @Test
  void resolve_onPostgresWithoutKey_refusesNamingSecretsKey() {
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> SecretsKeys.resolve(settings("  ", DatabaseKind.POSTGRES)));

    assertTrue(e.getMessage().contains("SECRETS_KEY is required with PostgreSQL"), e.getMessage());
    assertFalse(Files.exists(dataDir.resolve(SecretsKeys.KEY_FILE)));
  }

  @Test
  void resolve_onH2WithoutKey_generatesOwnerOnlyFileOnceAndReusesIt() throws Exception {
    byte[] first = SecretsKeys.resolve(settings("", DatabaseKind.H2));
    Path file = dataDir.resolve(SecretsKeys.KEY_FILE);
    String stored = Files.readString(file);

    byte[] second = SecretsKeys.resolve(settings("", DatabaseKind.H2));

    assertEquals(32, first.length);
    assertArrayEquals(first, second);
    assertEquals(stored, Files.readString(file));
    assertArrayEquals(first, Base64.getDecoder().decode(stored.strip()));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
  }

  @Test
  void resolve_onH2WithMissingDataDir_createsIt() {
    Path nested = dataDir.resolve("a/b");

    SecretsKeys.resolve(new SecretsSettings("", List.of(), nested, DatabaseKind.H2));

    assertTrue(Files.exists(nested.resolve(SecretsKeys.KEY_FILE)));
  }

  @Test
  void resolve_keyNotBase64_refusesWithoutQuotingIt() {
    String bad = "not-base64-canary-!!";

    var e =
        assertThrows(
            IllegalStateException.class, () -> SecretsKeys.resolve(settings(bad, DatabaseKind.H2)));

    assertTrue(e.getMessage().startsWith("SECRETS_KEY is not valid base64"), e.getMessage());
    assertFalse(e.getMessage().contains("canary"));
    assertNull(e.getCause());
  }

  @Test
  void resolve_keyOfWrongLength_refusesWithItsLength() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

    var e =
        assertThrows(
            IllegalStateException.class,
            () -> SecretsKeys.resolve(settings(shortKey, DatabaseKind.H2)));

    assertTrue(e.getMessage().contains("decodes to 16 bytes"), e.getMessage());
  }

  @Test
  void resolve_corruptKeyFile_refusesNamingTheFile() throws Exception {
    Path file = dataDir.resolve(SecretsKeys.KEY_FILE);
    Files.writeString(file, "garbage");

    var e =
        assertThrows(
            IllegalStateException.class, () -> SecretsKeys.resolve(settings("", DatabaseKind.H2)));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void settings_toString_neverShowsTheKey() {
    String key = SecretsKeys.generate();

    String shown = settings(key, DatabaseKind.H2).toString();

    assertFalse(shown.contains(key), shown);
    assertTrue(shown.contains("key=<set>"), shown);
  }

  @Test
  void generate_givesDistinct32ByteKeys() {
    assertNotEquals(SecretsKeys.generate(), SecretsKeys.generate());
    assertEquals(32, Base64.getDecoder().decode(SecretsKeys.generate()).length);
  }
}
