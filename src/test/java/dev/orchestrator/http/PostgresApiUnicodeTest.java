package dev.orchestrator.http;

import dev.orchestrator.testing.PostgresTestDatabase;

/**
 * The Unicode contract on PostgreSQL, whose text columns reject NUL. Skipped with a message when
 * PostgreSQL is not reachable; mandatory in CI.
 */
class PostgresApiUnicodeTest extends ApiUnicodeContract {
  private PostgresTestDatabase db;

  @Override
  protected String[] database() {
    PostgresTestDatabase.assumeAvailable();
    db = PostgresTestDatabase.create();
    return new String[] {db.jdbcUrl(), db.user(), db.password()};
  }

  @Override
  protected void releaseDatabase() {
    if (db != null) {
      db.close();
    }
  }
}
