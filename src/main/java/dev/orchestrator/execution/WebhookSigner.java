package dev.orchestrator.execution;

import dev.orchestrator.config.SigningSecret;
import dev.orchestrator.config.SigningSettings;
import dev.orchestrator.domain.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the Standard Webhooks headers for one request: {@code webhook-id}, {@code
 * webhook-timestamp} and {@code webhook-signature}, the latter holding one {@code v1,<base64
 * HMAC-SHA256>} of {@code id.timestamp.body} per secret of the tenant. Thread-safe.
 */
public final class WebhookSigner {
  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";
  private static final String HMAC = "HmacSHA256";

  private final Map<TenantId, List<SecretKeySpec>> keys = new LinkedHashMap<>();

  public WebhookSigner(SigningSettings settings) {
    settings.secretsByTenant().forEach((tenant, secrets) -> keys.put(tenant, specs(secrets)));
  }

  public boolean signs(TenantId tenant) {
    return keys.containsKey(tenant);
  }

  /**
   * @param body exactly the bytes that will be sent; a receiver recomputes the HMAC over them
   * @return the three headers in a fixed order, or an empty map when the tenant has no secret
   */
  public Map<String, String> headers(TenantId tenant, String id, long epochSeconds, byte[] body) {
    List<SecretKeySpec> specs = keys.get(tenant);
    if (specs == null) {
      return Map.of();
    }
    byte[] prefix = (id + "." + epochSeconds + ".").getBytes(StandardCharsets.UTF_8);
    List<String> signatures = new ArrayList<>(specs.size());
    for (SecretKeySpec spec : specs) {
      signatures.add("v1," + hmac(spec, prefix, body));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(ID, id);
    headers.put(TIMESTAMP, Long.toString(epochSeconds));
    headers.put(SIGNATURE, String.join(" ", signatures));
    return headers;
  }

  private static String hmac(SecretKeySpec spec, byte[] prefix, byte[] body) {
    try {
      // A Mac per signature: Mac instances are not thread-safe, and creating one is cheap.
      Mac mac = Mac.getInstance(HMAC);
      mac.init(spec);
      mac.update(prefix);
      mac.update(body);
      return Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  private static List<SecretKeySpec> specs(List<SigningSecret> secrets) {
    return secrets.stream().map(s -> new SecretKeySpec(s.key(), HMAC)).toList();
  }
}
