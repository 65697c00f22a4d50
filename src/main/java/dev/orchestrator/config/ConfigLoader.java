package dev.orchestrator.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.orchestrator.storage.DataSources;
import dev.orchestrator.storage.DatabaseKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the node's configuration. HOCON cannot branch on a value, so the database kind (driver,
 * Slick profile, projection dialect) and the seed node addresses are derived here from the
 * operator's settings and laid over the unresolved files before anything is resolved.
 */
public final class ConfigLoader {
  public static final String SYSTEM_NAME = "orchestrator";

  private ConfigLoader() {}

  public static Config load() {
    return load(ConfigFactory.empty());
  }

  /**
   * @param overrides values that win over application.conf (tests), still below -D properties
   */
  public static Config load(Config overrides) {
    Config base = overrides.withFallback(ConfigFactory.parseResources("application.conf"));
    Config probe = ConfigFactory.load(base);
    Map<String, Object> derived = new HashMap<>(database(probe));
    // Pekko never joins the seeds by itself: ClusterMembership does, so that a restarted first seed
    // cannot form a second cluster beside a live one (see SeedJoinGate).
    derived.put("pekko.cluster.seed-nodes", List.of());
    derived.put(
        "orchestrator.cluster.seed-addresses",
        seedNodes(probe.getString("orchestrator.seed-nodes")));
    return ConfigFactory.load(ConfigFactory.parseMap(derived).withFallback(base));
  }

  private static Map<String, Object> database(Config probe) {
    String url = probe.getString("orchestrator.database.url").trim();
    if (url.isEmpty()) {
      Path file =
          Path.of(probe.getString("orchestrator.data-dir")).toAbsolutePath().resolve(SYSTEM_NAME);
      // WRITE_DELAY=0: H2 otherwise writes commits up to 500 ms later, and a kill -9 loses calls
      // we already acknowledged with 201. DB_CLOSE_ON_EXIT=FALSE: Pekko closes the pools itself
      // during coordinated shutdown, after H2's own shutdown hook would have run.
      url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }
    DatabaseKind kind = DatabaseKind.fromUrl(url);
    Map<String, Object> m = new HashMap<>();
    m.put("orchestrator.database.jdbc-url", url);
    m.put(
        "orchestrator.database.driver-properties",
        DataSources.driverProperties(kind, probe.getConfig("orchestrator.database.timeouts")));
    m.put("orchestrator.database.kind", kind.name());
    if (kind == DatabaseKind.H2) {
      m.put("orchestrator.database.driver", "org.h2.Driver");
      m.put("orchestrator.database.slick-profile", "slick.jdbc.H2Profile$");
      m.put("orchestrator.database.projection-dialect", "h2-dialect");
      if (probe.getString("orchestrator.database.user").isBlank()) {
        m.put("orchestrator.database.user", "sa");
      }
    } else {
      m.put("orchestrator.database.driver", "org.postgresql.Driver");
      m.put("orchestrator.database.slick-profile", "slick.jdbc.PostgresProfile$");
      m.put("orchestrator.database.projection-dialect", "postgres-dialect");
    }
    return m;
  }

  /** {@code host:port,host:port} to Pekko addresses; empty means "join myself". */
  static List<String> seedNodes(String spec) {
    List<String> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (!p.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
        throw new IllegalArgumentException("SEED_NODES entry '" + p + "' is not host:port");
      }
      out.add("pekko://" + SYSTEM_NAME + "@" + p);
    }
    return out;
  }
}
