package dev.orchestrator.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Identifies one service call within its tenant. The entity id is {@code tenant:callId}; neither
 * part may contain {@code :} (our separator) or {@code |} (Pekko's persistence-id separator), so
 * two different pairs can never render to the same entity id.
 */
public record ServiceCallId(TenantId tenant, String callId) {
  private static final Pattern VALID_CALL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public ServiceCallId {
    if (tenant == null) {
      throw new IllegalArgumentException("tenant is required");
    }
    if (!isValidCallId(callId)) {
      throw new IllegalArgumentException(
          "service call id must be 1-128 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
    }
  }

  public static boolean isValidCallId(String callId) {
    return callId != null && VALID_CALL_ID.matcher(callId).matches();
  }

  /** The id a repeat submission with the same key lands on: a name-based UUID of (tenant, key). */
  public static ServiceCallId fromIdempotencyKey(TenantId tenant, String idempotencyKey) {
    byte[] name = (tenant.value() + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8);
    return new ServiceCallId(tenant, UUID.nameUUIDFromBytes(name).toString());
  }

  /**
   * The call that delivers event {@code offset} of the tenant's stream to its event subscription: a
   * name-based UUID of version 5 (SHA-1), so the same event always lands on the same call. The API
   * issues versions 7 (random) and 3 ({@link #fromIdempotencyKey}) only, so no client can take or
   * fake such an id, and {@link #isEventDelivery} can tell delivery calls apart by their id alone.
   */
  public static ServiceCallId forEventDelivery(TenantId tenant, long offset) {
    byte[] hash;
    try {
      hash =
          MessageDigest.getInstance("SHA-1")
              .digest(
                  ("event-delivery\n" + tenant.value() + "\n" + offset)
                      .getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
    }
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new ServiceCallId(tenant, new UUID(b.getLong(), b.getLong()).toString());
  }

  /** True for the id of an event-delivery call ({@link #forEventDelivery}). */
  public static boolean isEventDelivery(String callId) {
    if (callId == null || callId.length() != 36) {
      return false;
    }
    try {
      return UUID.fromString(callId).version() == 5;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public String entityId() {
    return tenant.value() + ":" + callId;
  }

  public static ServiceCallId fromEntityId(String entityId) {
    int sep = entityId.indexOf(':');
    if (sep < 0) {
      throw new IllegalArgumentException("entity id has no ':' separator");
    }
    return new ServiceCallId(new TenantId(entityId.substring(0, sep)), entityId.substring(sep + 1));
  }

  @Override
  public String toString() {
    return entityId();
  }
}
