package dev.orchestrator.http;

import dev.orchestrator.domain.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys from {@code API_KEYS} ({@code key=tenant,…}). A key is given either plain or as {@code
 * sha256:<64 hex digits>}, the SHA-256 of its UTF-8 bytes, so configuration need not hold the key
 * itself. Only digests are kept, and a presented key is compared with every known digest in
 * constant time, so neither memory dumps nor response timing reveal keys.
 */
public final class ApiKeys {
  private static final String HASH_PREFIX = "sha256:";
  private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

  private record Entry(byte[] digest, TenantId tenant) {}

  private final List<Entry> entries;

  private ApiKeys(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * @throws IllegalArgumentException naming the malformed entry's position, never the key
   */
  public static ApiKeys parse(String spec) {
    List<Entry> entries = new ArrayList<>();
    String[] parts = spec == null ? new String[0] : spec.split(",");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.lastIndexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException("API_KEYS entry " + (i + 1) + " is not key=tenant");
      }
      String tenant = part.substring(eq + 1).trim();
      if (!TenantId.isValid(tenant)) {
        throw new IllegalArgumentException(
            "API_KEYS entry " + (i + 1) + " has an invalid tenant id");
      }
      entries.add(new Entry(digest(part.substring(0, eq).trim(), i + 1), new TenantId(tenant)));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("API_KEYS holds no key=tenant entry");
    }
    return new ApiKeys(List.copyOf(entries));
  }

  public Optional<TenantId> tenantOf(String presentedKey) {
    byte[] digest = sha256(presentedKey);
    TenantId found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest(), digest)) {
        found = e.tenant();
      }
    }
    return Optional.ofNullable(found);
  }

  public int size() {
    return entries.size();
  }

  // A key written as sha256:… is always read as a digest: a plain key cannot start that way.
  private static byte[] digest(String key, int position) {
    if (!key.regionMatches(true, 0, HASH_PREFIX, 0, HASH_PREFIX.length())) {
      return sha256(key);
    }
    String hex = key.substring(HASH_PREFIX.length());
    if (!HEX_DIGEST.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "API_KEYS entry " + position + " has sha256: but not 64 hex digits after it");
    }
    return HexFormat.of().parseHex(hex);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
