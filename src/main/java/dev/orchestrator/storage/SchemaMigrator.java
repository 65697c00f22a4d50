package dev.orchestrator.storage;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database schema (journal, snapshots, projection offsets, read model) up to date with
 * Flyway before anything else touches it. Safe to run on every start and from several nodes at
 * once: applied migrations are skipped and Flyway serialises concurrent runs.
 */
public final class SchemaMigrator {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  private SchemaMigrator() {}

  /**
   * Applies the pending migrations of {@code kind} to {@code ds}.
   *
   * @throws org.flywaydb.core.api.FlywayException when a migration fails or the applied ones no
   *     longer match the scripts on the classpath
   */
  public static MigrateResult migrate(DataSource ds, DatabaseKind kind) {
    MigrateResult result =
        Flyway.configure().dataSource(ds).locations(kind.location()).load().migrate();
    String version = result.targetSchemaVersion;
    if (version == null) {
      version = result.initialSchemaVersion;
    }
    log.info(
        "Database schema ({}) at version {}: {} migration(s) applied",
        kind,
        version,
        result.migrationsExecuted);
    return result;
  }
}
