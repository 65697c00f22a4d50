package dev.orchestrator.storage;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The read model's connection pool (projections, list queries, due scanner). The journal has its
 * own pool inside pekko-persistence-jdbc; both point at the same database.
 */
public final class DataSources {
  private DataSources() {}

  public static HikariDataSource readModel(Config config) {
    Config db = config.getConfig("orchestrator.database");
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("read-model");
    hc.setJdbcUrl(db.getString("jdbc-url"));
    hc.setUsername(db.getString("user"));
    hc.setPassword(db.getString("password"));
    hc.setDriverClassName(db.getString("driver"));
    hc.setMaximumPoolSize(db.getInt("read-model-pool-size"));
    hc.setMinimumIdle(1);
    // Fail fast when the database is gone, so the API can answer 503 instead of hanging.
    hc.setConnectionTimeout(5_000);
    return new HikariDataSource(hc);
  }
}
