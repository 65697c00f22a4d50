package dev.orchestrator.http;

import dev.orchestrator.domain.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * API keys from {@code API_KEYS} ({@code key=tenant,…}). Only SHA-256 digests are kept, and a
 * presented key is compared with every known digest in constant time, so neither memory dumps nor
 * response timing reveal keys.
 */
public final class ApiKeys {
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
      entries.add(new Entry(sha256(part.substring(0, eq).trim()), new TenantId(tenant)));
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

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
