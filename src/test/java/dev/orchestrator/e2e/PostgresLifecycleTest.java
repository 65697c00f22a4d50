package dev.orchestrator.e2e;

import dev.orchestrator.testing.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * The lifecycle contract on a real PostgreSQL (a fresh database per node sequence). Skipped with a
 * message when PostgreSQL is not reachable; mandatory in CI.
 */
class PostgresLifecycleTest extends LifecycleContract {
  private final List<PostgresTestDatabase> databases = new ArrayList<>();

  @BeforeAll
  static void requirePostgres() {
    PostgresTestDatabase.assumeAvailable();
  }

  @Override
  protected String[] database() throws Exception {
    var db = PostgresTestDatabase.create();
    databases.add(db);
    return new String[] {db.jdbcUrl(), db.user()};
  }

  @Override
  protected void releaseDatabase() {
    for (var db : databases) {
      try {
        db.close();
      } catch (Exception e) {
        // Best effort; the database name is unique per run.
      }
    }
  }
}
