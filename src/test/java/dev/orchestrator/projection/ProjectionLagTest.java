package dev.orchestrator.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.projection.ProjectionLag.Progress;
import dev.orchestrator.testing.MigratedDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ProjectionLag#progress} and {@link JournalPosition#latest} on journal, tag and offset rows
 * written directly, so gaps, late tags and caught-up tags can be placed exactly; on H2 and, when
 * one answers, PostgreSQL (mandatory in CI).
 */
class ProjectionLagTest {
  private static final long T0 = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();

  /** Where a check runs: H2, and PostgreSQL when one answers (mandatory in CI). */
  enum Db {
    H2,
    POSTGRES;

    void run(MigratedDatabases.Check check) throws Exception {
      if (this == H2) {
        check.run(MigratedDatabases.h2("lag"));
      } else {
        MigratedDatabases.onPostgres(check);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void progress_emptyJournal_isZeroAndCaughtUp(Db db) throws Exception {
    db.run(ProjectionLagTest::emptyJournal);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void progress_oneTagBehind_offsetStopsBelowItsFirstUnappliedEvent(Db db) throws Exception {
    db.run(ProjectionLagTest::oneTagBehind);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void progress_allCaughtUp_isTheHighestOffsetWithNoLag(Db db) throws Exception {
    db.run(ProjectionLagTest::allCaughtUp);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void latest_isTheOrderingOfTheEntitysNewestEvent(Db db) throws Exception {
    db.run(ProjectionLagTest::latestOfEntity);
  }

  private static void emptyJournal(DataSource ds) throws Exception {
    Progress p = new ProjectionLag(ds, 4).progress();
    assertEquals(new Progress(0, null), p);
    assertFalse(p.passed(1));
  }

  private static void oneTagBehind(DataSource ds) throws Exception {
    // Tag 0 applied 1..10 (offset 10); tag 1 applied 3, and 7 and 12 are still waiting; tag 2 has
    // no offset row yet and waits with 15.
    event(ds, 1, "a", 1, 0);
    event(ds, 3, "b", 1, 1);
    event(ds, 7, "b", 2, 1);
    event(ds, 10, "a", 2, 0);
    event(ds, 12, "b", 3, 1);
    event(ds, 15, "c", 1, 2);
    offset(ds, 0, 10);
    offset(ds, 1, 3);

    Progress p = new ProjectionLag(ds, 4).progress();

    assertEquals(6, p.offset(), "below event 7, the first one tag 1 has not applied");
    assertEquals(Instant.ofEpochMilli(T0 + 7), p.oldestUnprojected());
    assertTrue(p.passed(3));
    assertFalse(p.passed(7));

    offset(ds, 1, 12);
    Progress later = new ProjectionLag(ds, 4).progress();
    assertEquals(12, later.offset(), "tag 1 caught up; tag 2's event 15 is above every offset");
    assertEquals(Instant.ofEpochMilli(T0 + 15), later.oldestUnprojected());
  }

  private static void allCaughtUp(DataSource ds) throws Exception {
    event(ds, 5, "a", 1, 0);
    event(ds, 9, "b", 1, 3);
    offset(ds, 0, 5);
    offset(ds, 3, 9);

    Progress p = new ProjectionLag(ds, 4).progress();

    assertEquals(9, p.offset());
    assertNull(p.oldestUnprojected());
    assertTrue(new ProjectionLag(ds, 4).oldestUnprojected().isEmpty());
  }

  private static void latestOfEntity(DataSource ds) throws Exception {
    event(ds, 4, "a", 1, 0);
    event(ds, 8, "b", 1, 1);
    event(ds, 11, "a", 2, 0);
    var journal = new JournalPosition(ds);

    assertEquals(OptionalLong.of(11), journal.latest(pid("a")));
    assertEquals(OptionalLong.of(8), journal.latest(pid("b")));
    assertEquals(OptionalLong.empty(), journal.latest(pid("nobody")));
  }

  private static String pid(String entity) {
    return "ServiceCall|t:" + entity;
  }

  /** A journal event at {@code ordering}, written at T0 + ordering ms, in tag {@code tag}. */
  private static void event(DataSource ds, long ordering, String entity, long seqNr, int tag)
      throws Exception {
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO \"event_journal\" (\"ordering\", \"persistence_id\","
                  + " \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\","
                  + " \"event_ser_id\", \"event_ser_manifest\", \"event_payload\")"
                  + " VALUES (?, ?, ?, 'w', ?, '', 1, 'm', ?)")) {
        ps.setLong(1, ordering);
        ps.setString(2, pid(entity));
        ps.setLong(3, seqNr);
        ps.setLong(4, T0 + ordering);
        ps.setBytes(5, new byte[] {1});
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO \"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)")) {
        ps.setLong(1, ordering);
        ps.setString(2, "service-call-" + tag);
        ps.executeUpdate();
      }
    }
  }

  private static void offset(DataSource ds, int tag, long offset) throws Exception {
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement del =
          c.prepareStatement(
              "DELETE FROM \"pekko_projection_offset_store\" WHERE \"projection_key\" = ?")) {
        del.setString(1, "service-call-" + tag);
        del.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO \"pekko_projection_offset_store\" (\"projection_name\","
                  + " \"projection_key\", \"current_offset\", \"manifest\", \"mergeable\","
                  + " \"last_updated\") VALUES (?, ?, ?, 'SEQ', false, 0)")) {
        ps.setString(1, ServiceCallsProjection.NAME);
        ps.setString(2, "service-call-" + tag);
        ps.setString(3, Long.toString(offset));
        ps.executeUpdate();
      }
    }
  }
}
