package dev.orchestrator.e2e;

import dev.orchestrator.testing.PostgresTestDatabase;
import dev.orchestrator.testing.TestNode;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Kill/restart on PostgreSQL (a fresh database). */
class PostgresKillRestartTest extends KillRestartContract {
  private PostgresTestDatabase db;

  @BeforeAll
  static void requirePostgres() {
    PostgresTestDatabase.assumeAvailable();
  }

  @Override
  protected Map<String, String> databaseEnv() {
    db = PostgresTestDatabase.create();
    return Map.of(
        "DATABASE_URL",
        db.jdbcUrl(),
        "DATABASE_USER",
        db.user(),
        "DATABASE_PASSWORD",
        db.password(),
        "SECRETS_KEY",
        TestNode.SECRETS_KEY);
  }

  @AfterEach
  void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }
}
