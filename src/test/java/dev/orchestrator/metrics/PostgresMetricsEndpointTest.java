package dev.orchestrator.metrics;

import dev.orchestrator.testing.PostgresTestDatabase;
import org.junit.jupiter.api.BeforeAll;

/** The metrics contract on PostgreSQL (the gauges' SQL differs by dialect in practice). */
class PostgresMetricsEndpointTest extends MetricsEndpointContract {
  private PostgresTestDatabase db;

  @BeforeAll
  static void requirePostgres() {
    PostgresTestDatabase.assumeAvailable();
  }

  @Override
  protected String[] database() {
    db = PostgresTestDatabase.create();
    return new String[] {db.jdbcUrl(), db.user()};
  }

  @Override
  protected void releaseDatabase() {
    if (db != null) {
      db.close();
    }
  }
}
