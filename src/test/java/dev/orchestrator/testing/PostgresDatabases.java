package dev.orchestrator.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The fresh PostgreSQL databases one test class creates (one per node or restart sequence), all
 * dropped when the class is done.
 */
public final class PostgresDatabases {
  private final List<PostgresTestDatabase> databases = new ArrayList<>();

  /** A new database; skips the test (or fails it in CI) when PostgreSQL is not reachable. */
  public PostgresTestDatabase create() {
    PostgresTestDatabase.assumeAvailable();
    var db = PostgresTestDatabase.create();
    databases.add(db);
    return db;
  }

  public void dropAll() {
    for (var db : databases) {
      try {
        db.close();
      } catch (RuntimeException e) {
        // Best effort; the database name is unique per run.
      }
    }
    databases.clear();
  }
}
