package dev.orchestrator.storage;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The read model's connection pool (projections, list queries, due scanner) and the health probe's
 * one-connection pool. The journal has its own pool inside pekko-persistence-jdbc, configured from
 * the same {@code orchestrator.database} settings in persistence.conf; all point at one database.
 */
public final class DataSources {
  private DataSources() {}

  public static HikariDataSource readModel(Config config) {
    Config db = config.getConfig("orchestrator.database");
    HikariConfig hc = base(db, "read-model");
    hc.setMaximumPoolSize(db.getInt("read-model-pool-size"));
    hc.setMinimumIdle(1);
    return new HikariDataSource(hc);
  }

  /**
   * One connection, used only by {@link DatabaseHealth}: never queued behind the read model's work,
   * so a probe that fails means the database, not a busy pool.
   */
  public static HikariDataSource health(Config config) {
    HikariConfig hc = base(config.getConfig("orchestrator.database"), "health");
    hc.setMaximumPoolSize(1);
    hc.setMinimumIdle(1);
    // Tighter than the other pools: the probe should notice an outage within about 2 s.
    hc.setConnectionTimeout(2_000);
    hc.setValidationTimeout(1_000);
    // Start even when the database is down now: the probe reports it, the node does not die.
    hc.setInitializationFailTimeout(-1);
    return new HikariDataSource(hc);
  }

  private static HikariConfig base(Config db, String name) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(name);
    hc.setJdbcUrl(db.getString("jdbc-url"));
    hc.setUsername(db.getString("user"));
    hc.setPassword(db.getString("password"));
    hc.setDriverClassName(db.getString("driver"));
    // Bounded waits (application.conf, orchestrator.database.timeouts): a request that needs the
    // database fails within seconds, and the API answers 503, instead of hanging.
    hc.setConnectionTimeout(db.getDuration("timeouts.connection").toMillis());
    hc.setValidationTimeout(db.getDuration("timeouts.validation").toMillis());
    Properties props = new Properties();
    db.getConfig("driver-properties")
        .entrySet()
        .forEach(e -> props.setProperty(e.getKey(), e.getValue().unwrapped().toString()));
    hc.setDataSourceProperties(props);
    return hc;
  }

  /**
   * JDBC driver properties (set by ConfigLoader as {@code orchestrator.database.driver-properties},
   * used by every pool) that bound each network wait; only the PostgreSQL driver has them (embedded
   * H2 has no network). Without a socket timeout a statement on a connection whose peer vanished
   * (network cut, hung server) blocks its thread forever.
   */
  public static Map<String, String> driverProperties(DatabaseKind kind, Config timeouts) {
    if (kind != DatabaseKind.POSTGRES) {
      return Map.of();
    }
    return Map.of(
        "connectTimeout", seconds(timeouts.getDuration("connect")),
        "socketTimeout", seconds(timeouts.getDuration("socket")),
        "tcpKeepAlive", "true");
  }

  private static String seconds(Duration d) {
    return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
  }
}
