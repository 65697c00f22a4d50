package dev.orchestrator.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Seeds the hold scenario's held calls straight into PostgreSQL, with the node stopped: submitting
 * 1,000,000 calls through the API would take hours here. Each seeded call is a copy of a real held
 * call (the template, submitted through the API and projected) in every table a held call has rows
 * in: its journal event (the id, due time and name replaced inside the CBOR payload, same lengths
 * so the encoding stays valid), that event's projection tag (the one its entity computes), its
 * read-model row and tag rows, and its event-stream entry. The projection offsets then move past
 * the copies. So the due scanner finds each call in the due index and its entity recovers it from
 * the journal: the service would fire them all at their due time. Ids are UUIDv7s, increasing with
 * k as the API's do; due times are distinct ({@link #dueOf}) as are names ({@link #nameOf}), so the
 * indexes hold realistic keys.
 */
final class HoldSeed {
  /** The read-model projection's name (ServiceCallsProjection.NAME). */
  static final String PROJECTION = "service-calls";

  private static final int CHUNK = 100_000;

  /** A seeded call to check through the API afterwards. */
  record Check(String id, Instant dueAt) {}

  record Seeded(int calls, double seconds, List<Check> checks) {}

  /** The call every seeded call copies: its id, due time and name as the API rendered them. */
  record Template(String tenant, String id, Instant dueAt, String name) {}

  private HoldSeed() {}

  /**
   * The due time of held call k: a whole millisecond after {@code base} (never a whole second, so
   * that every rendering of it has the same length), distinct per call.
   */
  static Instant dueOf(Instant base, int k) {
    return base.plusMillis(k + k / 999 + 1L);
  }

  private static final ObjectMapper CBOR_TIMES =
      new ObjectMapper(new CBORFactory())
          .registerModule(new JavaTimeModule())
          .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS);

  /**
   * An instant as the node's journal encodes it (serialization.conf: seconds.nanoseconds as a CBOR
   * decimal), hex-encoded, lower case like PostgreSQL's encode(…, 'hex').
   */
  static String cborHex(Instant instant) {
    try {
      return HexFormat.of().formatHex(CBOR_TIMES.writeValueAsBytes(instant));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String nameOf(int k) {
    return String.format(Locale.ROOT, "bench-hold-%07d", k);
  }

  /**
   * Seeds calls {@code from..to-1} (k numbers the held calls; the template is k = 0) from {@code
   * t}. Returns what it seeded and a sample of seeded calls to check through the API.
   */
  static Seeded seed(Connection c, Template t, Instant base, int from, int to, int tagCount)
      throws SQLException {
    long t0 = System.nanoTime();
    c.setAutoCommit(true);
    String prefix = "ServiceCall|" + t.tenant() + ":";
    requireOne(c, "SELECT count(*) FROM event_journal WHERE persistence_id = ?", prefix + t.id());
    requireOne(
        c,
        "SELECT count(*) FROM tenant_events WHERE tenant_id = ? AND service_call_id = ?",
        t.tenant(),
        t.id());
    exec(c, "DROP TABLE IF EXISTS bench_hold_ids");
    exec(c, HoldSeedSql.IDS);
    List<Check> checks = new ArrayList<>();
    java.util.Set<Integer> checked = new java.util.HashSet<>();
    for (int j = 0; j <= 19; j++) {
      checked.add(from + (int) ((long) (to - 1 - from) * j / 19));
    }
    SplittableRandom random = new SplittableRandom(to);
    long createdMs = base.toEpochMilli() - 3_600_000L - (to - from);
    String[] statements = {
      HoldSeedSql.journal(c),
      HoldSeedSql.EVENT_TAGS,
      HoldSeedSql.calls(c),
      HoldSeedSql.callTags(c),
      HoldSeedSql.streamEvents(c)
    };
    long firstOffset = allocateStreamOffsets(c, to - from);
    for (int a = from; a < to; a += CHUNK) {
      int b = Math.min(to, a + CHUNK);
      StringBuilder rows = new StringBuilder((b - a) * 120);
      for (int k = a; k < b; k++) {
        String id = uuidV7(createdMs + k - from, random);
        String tag = "service-call-" + Math.floorMod((t.tenant() + ":" + id).hashCode(), tagCount);
        rows.append(k).append('\t').append(id).append('\t').append(tag).append('\t');
        rows.append(dueOf(base, k)).append('\t').append(nameOf(k)).append('\t');
        rows.append(cborHex(dueOf(base, k))).append('\n');
        if (checked.contains(k)) {
          checks.add(new Check(id, dueOf(base, k)));
        }
      }
      try {
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(HoldSeedSql.COPY_IDS, new StringReader(rows.toString()));
      } catch (java.io.IOException e) {
        throw new SQLException("COPY of the held ids failed", e);
      }
      for (String sql : statements) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, t.id());
          ps.setString(2, t.dueAt().toString());
          ps.setString(3, t.name());
          ps.setString(4, t.tenant());
          ps.setString(5, prefix);
          ps.setLong(6, firstOffset - from);
          ps.setInt(7, a);
          ps.setInt(8, b);
          ps.setString(9, cborHex(t.dueAt()));
          int n = ps.executeUpdate();
          if (n != b - a) {
            throw new SQLException(
                "seeding " + (b - a) + " held calls wrote " + n + " rows: " + abbreviate(sql));
          }
        }
      }
      step(String.format(Locale.ROOT, "seeded %d of %d held calls", b - from, to - from), t0);
    }
    try (PreparedStatement ps = c.prepareStatement(HoldSeedSql.OFFSETS)) {
      ps.setLong(1, System.currentTimeMillis());
      ps.setString(2, PROJECTION);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(HoldSeedSql.OFFSETS_MISSING)) {
      ps.setString(1, PROJECTION);
      ps.setLong(2, System.currentTimeMillis());
      ps.setString(3, PROJECTION);
      ps.executeUpdate();
    }
    exec(c, "DROP TABLE bench_hold_ids");
    step("VACUUM ANALYZE and CHECKPOINT", t0);
    for (String table :
        List.of(
            "event_journal", "event_tag", "service_calls", "service_call_tags", "tenant_events")) {
      exec(c, "VACUUM ANALYZE " + table);
    }
    exec(c, "CHECKPOINT");
    return new Seeded(to - from, (System.nanoTime() - t0) / 1e9, checks);
  }

  /**
   * The number of projection tags, checked against every journal event of the tenant: each must
   * carry the tag its entity computes with that count ("service-call-" + hash mod count).
   */
  static int tagCount(Connection c, String tenant) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    String prefix = "ServiceCall|" + tenant + ":";
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT j.persistence_id, t.tag FROM event_journal j JOIN event_tag t"
                + " ON t.event_id = j.ordering WHERE j.persistence_id LIKE ?")) {
      ps.setString(1, prefix.replace("_", "\\_").replace("%", "\\%") + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new String[] {rs.getString(1).substring("ServiceCall|".length()), rs.getString(2)});
        }
      }
    }
    for (int count = 1; count <= 1024; count++) {
      int n = count;
      if (!rows.isEmpty()
          && rows.stream()
              .allMatch(r -> r[1].equals("service-call-" + Math.floorMod(r[0].hashCode(), n)))) {
        return count;
      }
    }
    throw new SQLException(
        "the journal's projection tags do not follow service-call-<hash of entity id mod count>;"
            + " the hold seed needs updating");
  }

  static long count(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Reserves {@code n} event-stream offsets as the projection does; returns the first. */
  private static long allocateStreamOffsets(Connection c, int n) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE event_stream_head SET last_offset = last_offset + ? WHERE id = 1"
                + " RETURNING last_offset")) {
      ps.setLong(1, n);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) - n + 1;
      }
    }
  }

  private static String uuidV7(long millis, SplittableRandom random) {
    long msb = ((millis & 0xFFFF_FFFF_FFFFL) << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  private static void requireOne(Connection c, String sql, String... params) throws SQLException {
    long n = count(c, sql, params);
    if (n != 1) {
      throw new SQLException(
          "a held call should have exactly one row here, the template has " + n + ": " + sql);
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String abbreviate(String sql) {
    return sql.length() > 160 ? sql.substring(0, 160) + "…" : sql;
  }

  private static void step(String what, long t0) {
    Bench.log(
        String.format(Locale.ROOT, "hold seed %6.1fs: %s", (System.nanoTime() - t0) / 1e9, what));
  }
}
