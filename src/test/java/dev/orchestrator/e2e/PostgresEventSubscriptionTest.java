package dev.orchestrator.e2e;

import dev.orchestrator.testing.PostgresDatabases;

/**
 * The event subscription contract on a real PostgreSQL (a fresh database). Skipped with a message
 * when PostgreSQL is not reachable; mandatory in CI.
 */
class PostgresEventSubscriptionTest extends EventSubscriptionContract {
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
