package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code API_KEYS} entries given plain and as {@code sha256:} digests. */
class ApiKeysTest {
  /** What {@code printf %s "$KEY" | sha256sum} prints. */
  static String sha256Hex(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void tenantOf_plainAndHashedEntries_bothAuthenticate() {
    var keys = ApiKeys.parse("plain-key=tenant-a, sha256:" + sha256Hex("hashed-key") + "=tenant-b");

    assertEquals(Optional.of(new TenantId("tenant-a")), keys.tenantOf("plain-key"));
    assertEquals(Optional.of(new TenantId("tenant-b")), keys.tenantOf("hashed-key"));
    assertEquals(2, keys.size());
  }

  @Test
  void tenantOf_knownDigestPresentedAsKey_isRefused() {
    String digest = sha256Hex("hashed-key");
    var keys = ApiKeys.parse("sha256:" + digest + "=tenant-b");

    assertTrue(keys.tenantOf(digest).isEmpty());
    assertTrue(keys.tenantOf("sha256:" + digest).isEmpty());
  }

  @Test
  void parse_upperCaseDigestAndPrefix_areAccepted() {
    var keys = ApiKeys.parse("SHA256:" + sha256Hex("k").toUpperCase() + "=tenant-c");

    assertEquals(Optional.of(new TenantId("tenant-c")), keys.tenantOf("k"));
  }

  @Test
  void tenantOf_unknownKey_isEmpty() {
    var keys = ApiKeys.parse("plain-key=tenant-a");

    assertTrue(keys.tenantOf("other").isEmpty());
    assertTrue(keys.tenantOf("").isEmpty());
  }

  @Test
  void parse_digestOfWrongLength_failsNamingPositionNotValue() {
    String shortDigest = sha256Hex("secret-key").substring(0, 63);

    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApiKeys.parse("a=tenant-a,sha256:" + shortDigest + "=tenant-b"));

    assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
    assertFalse(e.getMessage().contains(shortDigest), e.getMessage());
  }

  @Test
  void parse_digestWithNonHexCharacters_fails() {
    String bad = "z".repeat(64);

    assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("sha256:" + bad + "=t"));
  }

  @Test
  void parse_entryWithoutTenant_failsWithoutEchoingKey() {
    var e = assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse("my-secret-key"));

    assertFalse(e.getMessage().contains("my-secret-key"), e.getMessage());
  }
}
