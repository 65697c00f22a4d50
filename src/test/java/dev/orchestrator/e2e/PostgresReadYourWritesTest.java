package dev.orchestrator.e2e;

import dev.orchestrator.testing.PostgresDatabases;

/**
 * The read-your-writes contract on a real PostgreSQL. Skipped with a message when PostgreSQL is not
 * reachable; mandatory in CI.
 */
class PostgresReadYourWritesTest extends ReadYourWritesContract {
  private final PostgresDatabases databases = new PostgresDatabases();

  @Override
  protected String[] database() {
    var db = databases.create();
    return new String[] {db.jdbcUrl(), db.user()};
  }

  @Override
  protected void releaseDatabase() {
    databases.dropAll();
  }
}
