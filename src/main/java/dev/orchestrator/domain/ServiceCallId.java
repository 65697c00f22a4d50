package dev.orchestrator.domain;

import java.nio.charset.StandardCharsets;
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
