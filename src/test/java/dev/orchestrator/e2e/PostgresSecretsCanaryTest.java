package dev.orchestrator.e2e;

import dev.orchestrator.testing.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;

/** The secrets canary on a real PostgreSQL (fresh databases); skipped without one, except in CI. */
class PostgresSecretsCanaryTest extends SecretsCanaryContract {
  private final List<PostgresTestDatabase> databases = new ArrayList<>();

  @Override
  protected Database database() {
    // Here rather than in a @BeforeAll of this class: the contract's @BeforeAll runs first.
    PostgresTestDatabase.assumeAvailable();
    var db = PostgresTestDatabase.create();
    databases.add(db);
    return new Database(db.jdbcUrl(), db.user(), db.password());
  }

  @Override
  protected void releaseDatabases() {
    for (var db : databases) {
      try {
        db.close();
      } catch (RuntimeException e) {
        // Best effort; the database name is unique per run.
      }
    }
  }
}
