package dev.orchestrator.e2e;

import dev.orchestrator.testing.PostgresDatabases;

/** The secrets canary on a real PostgreSQL (fresh databases); skipped without one, except in CI. */
class PostgresSecretsCanaryTest extends SecretsCanaryContract {
  private final PostgresDatabases databases = new PostgresDatabases();

  @Override
  protected Database database() {
    // Here rather than in a @BeforeAll of this class: the contract's @BeforeAll runs first.
    var db = databases.create();
    return new Database(db.jdbcUrl(), db.user(), db.password());
  }

  @Override
  protected void releaseDatabases() {
    databases.dropAll();
  }
}
