package dev.orchestrator.config;

import com.typesafe.config.Config;
import dev.orchestrator.domain.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenants whose outgoing requests are signed, each with its secrets in the order configured. A
 * tenant with two or more secrets is mid-rotation and signs with all of them; a tenant absent here
 * is sent unsigned.
 *
 * @param secretsByTenant never-empty, duplicate-free secret lists per tenant
 */
public record SigningSettings(Map<TenantId, List<SigningSecret>> secretsByTenant) {
  private static final String KEY = "orchestrator.signing-secrets";

  public SigningSettings {
    var copy = new LinkedHashMap<TenantId, List<SigningSecret>>();
    secretsByTenant.forEach(
        (tenant, secrets) -> {
          if (secrets.isEmpty()) {
            throw new IllegalArgumentException("tenant " + tenant + " has an empty secret list");
          }
          copy.put(tenant, List.copyOf(secrets));
        });
    secretsByTenant = java.util.Collections.unmodifiableMap(copy);
  }

  public static SigningSettings none() {
    return new SigningSettings(Map.of());
  }

  /** Reads {@code orchestrator.signing-secrets}; missing or empty means nobody signs. */
  public static SigningSettings fromConfig(Config c) {
    return c.hasPath(KEY) ? parse(c.getString(KEY)) : none();
  }

  /**
   * Parses {@code tenant=whsec_<base64>,…}.
   *
   * @throws IllegalArgumentException naming the malformed entry's position, never its secret
   */
  public static SigningSettings parse(String spec) {
    Map<TenantId, List<SigningSecret>> byTenant = new LinkedHashMap<>();
    String[] parts = spec == null ? new String[0] : spec.split(",");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      if (part.isEmpty()) {
        continue;
      }
      // The first '=': tenant ids have none, while base64 padding puts some at the end.
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw invalid(i, "is not tenant=whsec_<base64>");
      }
      String tenant = part.substring(0, eq).trim();
      if (!TenantId.isValid(tenant)) {
        throw invalid(i, "has an invalid tenant id");
      }
      SigningSecret secret;
      try {
        secret = SigningSecret.fromWhsec(part.substring(eq + 1).trim());
      } catch (IllegalArgumentException e) {
        throw invalid(i, "for tenant " + tenant + ": " + e.getMessage());
      }
      List<SigningSecret> secrets =
          byTenant.computeIfAbsent(new TenantId(tenant), t -> new ArrayList<>());
      // The same secret twice would only add an identical signature.
      if (!secrets.contains(secret)) {
        secrets.add(secret);
      }
    }
    return new SigningSettings(byTenant);
  }

  /** The tenant's secrets, empty when its requests go out unsigned. */
  public List<SigningSecret> secretsOf(TenantId tenant) {
    return secretsByTenant.getOrDefault(tenant, List.of());
  }

  public int tenantCount() {
    return secretsByTenant.size();
  }

  private static IllegalArgumentException invalid(int index, String why) {
    return new IllegalArgumentException("SIGNING_SECRETS entry " + (index + 1) + " " + why);
  }
}
