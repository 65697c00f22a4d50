package dev.orchestrator.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.orchestrator.testing.MigratedDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceCallQueries#summary} on rows written directly, so the due windows' edges and an
 * overdue call (which a live node's scanner would soon run) can be placed exactly; on H2 and, when
 * one answers, PostgreSQL.
 */
class ServiceCallQueriesSummaryTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final java.time.Duration WINDOW = java.time.Duration.ofMinutes(15);

  private DataSource ds;
  private ServiceCallQueries queries;
  private int seq;

  @BeforeEach
  void setUp() {
    use(MigratedDatabases.h2("summary"));
  }

  private interface Check {
    void run() throws Exception;
  }

  /**
   * Runs {@code check} again on a fresh PostgreSQL database (skipped without one, except in CI).
   */
  private void onPostgres(Check check) throws Exception {
    MigratedDatabases.onPostgres(
        pg -> {
          use(pg);
          check.run();
        });
  }

  private void use(DataSource dataSource) {
    ds = dataSource;
    queries = new ServiceCallQueries(ds);
  }

  @Test
  void summary_noCalls_allStatusesZeroAndNoOverdue() throws Exception {
    var s = queries.summary("t", NOW, WINDOW);

    assertEquals(
        Map.of("SCHEDULED", 0L, "RUNNING", 0L, "SUCCEEDED", 0L, "FAILED", 0L, "CANCELLED", 0L),
        s.counts());
    assertEquals(0, s.dueNextMinute());
    assertEquals(0, s.dueNextHour());
    assertNull(s.oldestOverdueDueAt());
  }

  @Test
  void summary_mixedRows_countsOwnTenantAndPlacesDueTimesInHalfOpenWindows() throws Exception {
    assertMixedRows();
  }

  @Test
  void summary_mixedRowsOnPostgres_sameAnswers() throws Exception {
    onPostgres(this::assertMixedRows);
  }

  @Test
  void summary_lateness_percentilesOfFirstAttemptsInTheWindow_fromDueOrAcceptance()
      throws Exception {
    assertLateness();
  }

  @Test
  void summary_latenessOnPostgres_sameAnswers() throws Exception {
    onPostgres(this::assertLateness);
  }

  private void assertLateness() throws Exception {
    assertEquals(
        new ServiceCallQueries.Lateness(0, null, null),
        queries.summary("t", NOW, WINDOW).lateness());
    for (int ms = 10; ms <= 100; ms += 10) {
      Instant due = NOW.minusSeconds(60);
      if (ms == 30) {
        // Submitted after its due time: late from acceptance, not from the past due time.
        insertStarted("t", due.minusSeconds(3600), due, due.plusMillis(ms));
      } else {
        insertStarted("t", due, due.minusSeconds(5), due.plusMillis(ms));
      }
    }
    // Outside the window, and another tenant's: not counted.
    insertStarted("t", NOW.minusSeconds(1200), NOW.minusSeconds(1300), NOW.minusSeconds(1195));
    insertStarted("other", NOW.minusSeconds(60), NOW.minusSeconds(70), NOW.minusSeconds(50));

    var lateness = queries.summary("t", NOW, WINDOW).lateness();

    assertEquals(10, lateness.samples());
    assertEquals(55L, lateness.p50Ms());
    assertEquals(99L, lateness.p99Ms());
  }

  private void insertStarted(String tenant, Instant due, Instant created, Instant started)
      throws Exception {
    String sql =
        "INSERT INTO service_calls (tenant_id, service_call_id, status, method, url, request_json,"
            + " due_at, created_at, started_at, attempts, tags_json, last_seq_nr, updated_at)"
            + " VALUES (?, ?, 'SUCCEEDED', 'GET', 'http://x/', '{}', ?, ?, ?, 1, '[]', 3, ?)";
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, tenant);
      ps.setString(2, "call-" + seq++);
      ps.setObject(3, ReadModelWriter.ts(due));
      ps.setObject(4, ReadModelWriter.ts(created));
      ps.setObject(5, ReadModelWriter.ts(started));
      ps.setObject(6, ReadModelWriter.ts(started));
      ps.executeUpdate();
    }
  }

  private void assertMixedRows() throws Exception {
    insert("t", "SCHEDULED", NOW.minusSeconds(300));
    insert("t", "SCHEDULED", NOW.minusSeconds(10));
    insert("t", "SCHEDULED", NOW);
    insert("t", "SCHEDULED", NOW.plusSeconds(59));
    insert("t", "SCHEDULED", NOW.plusSeconds(60));
    insert("t", "SCHEDULED", NOW.plusSeconds(3600));
    // A RUNNING row's next_due_at is its attempt deadline, not a due time: not in the windows.
    insert("t", "RUNNING", NOW.plusSeconds(5));
    insert("t", "SUCCEEDED", null);
    insert("t", "FAILED", null);
    insert("other", "SCHEDULED", NOW.minusSeconds(3000));

    var s = queries.summary("t", NOW, WINDOW);

    assertEquals(
        Map.of("SCHEDULED", 6L, "RUNNING", 1L, "SUCCEEDED", 1L, "FAILED", 1L, "CANCELLED", 0L),
        s.counts());
    assertEquals(2, s.dueNextMinute());
    assertEquals(3, s.dueNextHour());
    assertEquals(NOW.minusSeconds(300), s.oldestOverdueDueAt());
  }

  private void insert(String tenant, String status, Instant nextDueAt) throws Exception {
    String sql =
        "INSERT INTO service_calls (tenant_id, service_call_id, status, method, url, request_json,"
            + " due_at, created_at, attempts, next_due_at, tags_json, last_seq_nr, updated_at)"
            + " VALUES (?, ?, ?, 'GET', 'http://x/', '{}', ?, ?, 0, ?, '[]', 1, ?)";
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      var t = ReadModelWriter.ts(NOW);
      ps.setString(1, tenant);
      ps.setString(2, "call-" + seq++);
      ps.setString(3, status);
      ps.setObject(4, t);
      ps.setObject(5, t);
      ps.setObject(6, nextDueAt == null ? null : ReadModelWriter.ts(nextDueAt));
      ps.setObject(7, t);
      ps.executeUpdate();
    }
  }
}
