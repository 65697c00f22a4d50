package dev.orchestrator.config;

import com.typesafe.config.Config;
import dev.orchestrator.storage.DatabaseKind;
import java.nio.file.Path;
import java.util.List;

/**
 * Encryption of sensitive request headers at rest.
 *
 * @param key base64 of 32 bytes ({@code SECRETS_KEY}), or blank: then the embedded H2 database uses
 *     a key generated once into {@code dataDir}, and PostgreSQL refuses to start
 * @param extraSensitiveHeaders header names encrypted and masked besides the built-in ones
 * @param dataDir where a generated key file lives ({@code DATA_DIR})
 * @param database the database kind, which decides whether a key may be generated
 */
public record SecretsSettings(
    String key, List<String> extraSensitiveHeaders, Path dataDir, DatabaseKind database) {

  public SecretsSettings {
    key = key == null ? "" : key.strip();
    extraSensitiveHeaders = List.copyOf(extraSensitiveHeaders);
  }

  public static SecretsSettings fromConfig(Config config) {
    return new SecretsSettings(
        config.getString("orchestrator.secrets.key"),
        config.getStringList("orchestrator.secrets.sensitive-headers"),
        Path.of(config.getString("orchestrator.data-dir")),
        DatabaseKind.valueOf(config.getString("orchestrator.database.kind")));
  }

  /** Never shows the key, so the settings can be logged or end up in an exception safely. */
  @Override
  public String toString() {
    return "SecretsSettings[key="
        + (key.isEmpty() ? "<not set>" : "<set>")
        + ", extraSensitiveHeaders="
        + extraSensitiveHeaders
        + ", dataDir="
        + dataDir
        + ", database="
        + database
        + "]";
  }
}
