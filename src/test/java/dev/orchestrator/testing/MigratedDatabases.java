package dev.orchestrator.testing;

import dev.orchestrator.storage.DatabaseKind;
import dev.orchestrator.storage.SchemaMigrator;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Fresh databases with the project's schema, for tests that write rows directly: an in-memory H2
 * one, or a throw-away PostgreSQL one for the duration of a check (skipped without PostgreSQL,
 * except in CI).
 */
public final class MigratedDatabases {
  /** A check that runs against a data source. */
  public interface Check {
    void run(DataSource dataSource) throws Exception;
  }

  private MigratedDatabases() {}

  /** A new in-memory H2 database, migrated; {@code name} only tells databases apart. */
  public static DataSource h2(String name) {
    var h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    SchemaMigrator.migrate(h2, DatabaseKind.H2);
    return h2;
  }

  /** Runs {@code check} on a fresh, migrated PostgreSQL database, dropped afterwards. */
  public static void onPostgres(Check check) throws Exception {
    PostgresTestDatabase.assumeAvailable();
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      var pg = new PGSimpleDataSource();
      pg.setURL(db.jdbcUrl());
      pg.setUser(db.user());
      pg.setPassword(db.password());
      SchemaMigrator.migrate(pg, DatabaseKind.POSTGRES);
      check.run(pg);
    }
  }
}
