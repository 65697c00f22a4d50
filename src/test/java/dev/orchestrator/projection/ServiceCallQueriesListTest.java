package dev.orchestrator.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.storage.DatabaseKind;
import dev.orchestrator.storage.SchemaMigrator;
import dev.orchestrator.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceCallQueries#list}: every filter, alone and combined, paged with small pages through
 * rows that share creation instants (so the cursor's tie-break on the id matters), returns exactly
 * the matching calls, newest first, each once; on H2 and, when one answers, PostgreSQL. The rows
 * are written directly, as the projection writes them (a call's tag rows carry its created_at).
 */
class ServiceCallQueriesListTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final String[] TAGS = {"billing", "eu", "rare"};
  private static final String[] NAMES = {"invoice-", "invoice_", "email-", "in%"};

  private record Row(
      String tenant,
      String id,
      String name,
      ServiceCallStatus status,
      Instant due,
      Instant created,
      Instant finished,
      List<String> tags) {}

  private DataSource ds;
  private ServiceCallQueries queries;
  private final List<Row> rows = new ArrayList<>();

  @Test
  void list_everyFilterAndPageSize_onH2() throws Exception {
    var h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:list-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    use(h2, DatabaseKind.H2);
    assertEveryFilter();
  }

  @Test
  void list_everyFilterAndPageSize_onPostgres() throws Exception {
    PostgresTestDatabase.assumeAvailable();
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      use(db.dataSource(), DatabaseKind.POSTGRES);
      assertEveryFilter();
    }
  }

  private void use(DataSource dataSource, DatabaseKind kind) throws Exception {
    ds = dataSource;
    SchemaMigrator.migrate(ds, kind);
    queries = new ServiceCallQueries(ds);
    seed();
  }

  /** 120 calls of tenant t over 20 creation instants (ties), and some of another tenant. */
  private void seed() throws Exception {
    Random random = new Random(42);
    ServiceCallStatus[] statuses = ServiceCallStatus.values();
    for (int i = 0; i < 140; i++) {
      Instant created = T0.plusSeconds(60L * random.nextInt(20));
      List<String> tags = new ArrayList<>();
      for (String tag : TAGS) {
        if (random.nextInt(tag.equals("rare") ? 12 : 2) == 0) {
          tags.add(tag);
        }
      }
      var status = statuses[random.nextInt(statuses.length)];
      boolean done = status.name().endsWith("ED");
      insert(
          new Row(
              i < 120 ? "t" : "other",
              String.format("%08x-%04d", random.nextInt(), i),
              NAMES[random.nextInt(NAMES.length)] + i,
              status,
              created.plusSeconds(3600L * random.nextInt(5)),
              created,
              done ? created.plusSeconds(random.nextInt(600)) : null,
              tags));
    }
  }

  private void assertEveryFilter() throws Exception {
    check(q(), r -> true);
    check(q().withStatuses(EnumSet.of(ServiceCallStatus.FAILED)), r -> is(r, "FAILED"));
    check(
        q().withStatuses(EnumSet.of(ServiceCallStatus.SCHEDULED, ServiceCallStatus.RUNNING)),
        r -> is(r, "SCHEDULED") || is(r, "RUNNING"));
    check(q().withTags("billing"), r -> r.tags().contains("billing"));
    check(q().withTags("rare"), r -> r.tags().contains("rare"));
    check(
        q().withTags("eu", "billing"),
        r -> r.tags().contains("eu") && r.tags().contains("billing"));
    check(
        q().withTags("billing").withStatuses(EnumSet.of(ServiceCallStatus.SUCCEEDED)),
        r -> r.tags().contains("billing") && is(r, "SUCCEEDED"));
    check(q().withName("invoice_"), r -> r.name().startsWith("invoice_"));
    check(q().withName("in%"), r -> r.name().startsWith("in%"));
    check(
        q().withName("invoice-").withTags("eu"),
        r -> r.name().startsWith("invoice-") && r.tags().contains("eu"));
    Instant from = T0.plusSeconds(3600);
    Instant to = T0.plusSeconds(3 * 3600);
    check(q().withDue(from, to), r -> !r.due().isBefore(from) && r.due().isBefore(to));
    Instant cFrom = T0.plusSeconds(300);
    Instant cTo = T0.plusSeconds(900);
    check(
        q().withCreated(cFrom, cTo),
        r -> !r.created().isBefore(cFrom) && r.created().isBefore(cTo));
    check(
        q().withCreated(cFrom, cTo).withTags("eu"),
        r -> !r.created().isBefore(cFrom) && r.created().isBefore(cTo) && r.tags().contains("eu"));
    Instant fFrom = T0.plusSeconds(200);
    check(
        q().withFinished(fFrom, null), r -> r.finished() != null && !r.finished().isBefore(fFrom));
    check(q().withTags("nobody-has-this"), r -> false);
  }

  /** Pages through {@code query} at several page sizes; each time the filtered rows, in order. */
  private void check(Query query, Predicate<Row> matches) throws Exception {
    List<String> expected =
        rows.stream()
            .filter(r -> r.tenant().equals("t"))
            .filter(matches)
            .sorted(Comparator.comparing(Row::created).thenComparing(Row::id).reversed())
            .map(Row::id)
            .toList();
    for (int limit : new int[] {1, 3, 50, 500}) {
      List<String> got = new ArrayList<>();
      ListQuery.Cursor after = null;
      for (int page = 0; page < 200; page++) {
        var p = queries.list(query.build(limit, after));
        p.rows().forEach(r -> got.add(r.serviceCallId()));
        assertTrue(p.rows().size() <= limit, "page larger than its limit");
        if (p.nextCursor() == null) {
          break;
        }
        assertFalse(p.rows().isEmpty(), "a next cursor after an empty page");
        after = ListQuery.Cursor.decode(p.nextCursor());
      }
      assertEquals(expected, got, query + " with limit " + limit);
    }
  }

  private static boolean is(Row r, String status) {
    return r.status().name().equals(status);
  }

  private static Query q() {
    return new Query(null, List.of(), null, null, null, null, null, null, null);
  }

  private record Query(
      Set<ServiceCallStatus> statuses,
      List<String> tags,
      String name,
      Instant dueFrom,
      Instant dueTo,
      Instant createdFrom,
      Instant createdTo,
      Instant finishedFrom,
      Instant finishedTo) {
    Query withStatuses(Set<ServiceCallStatus> s) {
      return new Query(
          s, tags, name, dueFrom, dueTo, createdFrom, createdTo, finishedFrom, finishedTo);
    }

    Query withTags(String... t) {
      return new Query(
          statuses,
          List.of(t),
          name,
          dueFrom,
          dueTo,
          createdFrom,
          createdTo,
          finishedFrom,
          finishedTo);
    }

    Query withName(String n) {
      return new Query(
          statuses, tags, n, dueFrom, dueTo, createdFrom, createdTo, finishedFrom, finishedTo);
    }

    Query withDue(Instant from, Instant to) {
      return new Query(
          statuses, tags, name, from, to, createdFrom, createdTo, finishedFrom, finishedTo);
    }

    Query withCreated(Instant from, Instant to) {
      return new Query(statuses, tags, name, dueFrom, dueTo, from, to, finishedFrom, finishedTo);
    }

    Query withFinished(Instant from, Instant to) {
      return new Query(statuses, tags, name, dueFrom, dueTo, createdFrom, createdTo, from, to);
    }

    ListQuery build(int limit, ListQuery.Cursor after) {
      return new ListQuery(
          new TenantId("t"),
          statuses,
          tags,
          name,
          dueFrom,
          dueTo,
          createdFrom,
          createdTo,
          finishedFrom,
          finishedTo,
          limit,
          after);
    }
  }

  private void insert(Row r) throws Exception {
    rows.add(r);
    String sql =
        "INSERT INTO service_calls (tenant_id, service_call_id, name, status, method, url,"
            + " request_json, due_at, created_at, finished_at, attempts, tags_json, last_seq_nr,"
            + " updated_at) VALUES (?, ?, ?, ?, 'GET', 'http://x/', '{}', ?, ?, ?, 0, '[]', 1, ?)";
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, r.tenant());
        ps.setString(2, r.id());
        ps.setString(3, r.name());
        ps.setString(4, r.status().name());
        ps.setObject(5, ReadModelWriter.ts(r.due()));
        ps.setObject(6, ReadModelWriter.ts(r.created()));
        ps.setObject(
            7,
            r.finished() == null ? null : ReadModelWriter.ts(r.finished()),
            java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setObject(8, ReadModelWriter.ts(r.created()));
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO service_call_tags (tenant_id, service_call_id, tag, created_at)"
                  + " VALUES (?, ?, ?, ?)")) {
        for (String tag : r.tags()) {
          ps.setString(1, r.tenant());
          ps.setString(2, r.id());
          ps.setString(3, tag);
          ps.setObject(4, ReadModelWriter.ts(r.created()));
          ps.executeUpdate();
        }
      }
    }
  }
}
