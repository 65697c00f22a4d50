package dev.orchestrator.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.storage.DatabaseKind;
import dev.orchestrator.storage.SchemaMigrator;
import dev.orchestrator.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The heartbeat table on both databases: ages come from the database's clock. */
class NodeHeartbeatsTest {
  static final Duration TTL = Duration.ofSeconds(10);

  @Test
  void onH2() throws Exception {
    var h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:beats-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    check(h2, DatabaseKind.H2);
  }

  @Test
  void onPostgres() throws Exception {
    PostgresTestDatabase.assumeAvailable();
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      var pg = new PGSimpleDataSource();
      pg.setURL(db.jdbcUrl());
      pg.setUser(db.user());
      pg.setPassword(db.password());
      check(pg, DatabaseKind.POSTGRES);
    }
  }

  private static void check(DataSource ds, DatabaseKind kind) throws Exception {
    SchemaMigrator.migrate(ds, kind);
    var beats = new NodeHeartbeats(ds);
    assertEquals(List.of(), beats.aliveOthers("10.0.0.1:25520", TTL), "fresh database");

    beats.beat("10.0.0.2:25520#1", "10.0.0.2:25520");
    beats.beat("10.0.0.2:25520#1", "10.0.0.2:25520");
    beats.beat("10.0.0.1:25520#7", "10.0.0.1:25520");
    assertEquals(
        List.of("10.0.0.2:25520"),
        beats.aliveOthers("10.0.0.1:25520", TTL),
        "our own address (an earlier incarnation) never counts as another cluster");

    // A member that stopped beating a minute ago: gone for the TTL, still recent for a longer one.
    try (Connection c = ds.getConnection()) {
      c.createStatement()
          .executeUpdate(
              "UPDATE node_heartbeats SET renewed_at = CURRENT_TIMESTAMP - INTERVAL '60' SECOND"
                  + " WHERE address = '10.0.0.2:25520'");
    }
    assertEquals(List.of(), beats.aliveOthers("10.0.0.1:25520", TTL));
    assertEquals(
        List.of("10.0.0.2:25520"), beats.aliveOthers("10.0.0.1:25520", Duration.ofMinutes(5)));

    beats.remove("10.0.0.2:25520#1");
    assertEquals(List.of(), beats.aliveOthers("10.0.0.1:25520", Duration.ofMinutes(5)));
  }
}
