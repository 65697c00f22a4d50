package dev.orchestrator.e2e.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.NodeProcess;
import dev.orchestrator.testing.PostgresTestDatabase;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * F7 (RELIABILITY.md §5b): PostgreSQL restarted under load. A node process on a fresh database
 * takes a steady stream of submits (due within a second, executed against a loopback sink) while
 * the real server is restarted ({@code restart -m fast}), then crashed ({@code stop -m immediate})
 * and started again 10 s later. Pass: no submit waits longer than a few seconds and none answers
 * anything but 201/200 or 503 (no 500); within 30 s of PostgreSQL being back a submit is accepted
 * without restarting the node; every accepted call (and every unknown outcome, retried with its key
 * as the API says) ends SUCCEEDED and reached the sink exactly once, except calls whose attempt was
 * in flight at a crash; threads and database sessions are back to normal.
 *
 * <p>This stops the machine's shared PostgreSQL, breaking whatever else uses it at that moment, so
 * it runs only with {@code -Dorchestrator.test.pg-restart=true} (or env {@code
 * ORCHESTRATOR_TEST_PG_RESTART=true}) and always starts the server again.
 */
class PostgresRestartIT {
  private static final String TENANT = "acme";
  private static final Duration FAST = Duration.ofSeconds(8);
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final int MAX_SESSIONS = 8 + 6 + 1;

  /** One submit as the client saw it. */
  private record Sent(
      String key, String body, long atNanos, int status, long millis, String id, String detail) {}

  @BeforeAll
  static void guard() {
    Assumptions.assumeTrue(
        Boolean.getBoolean("orchestrator.test.pg-restart")
            || "true".equalsIgnoreCase(System.getenv("ORCHESTRATOR_TEST_PG_RESTART")),
        "restarts the shared PostgreSQL: set -Dorchestrator.test.pg-restart=true to run");
    PostgresTestDatabase.assumeAvailable();
  }

  @Test
  void postgresRestartAndCrash_underLoad_failFastThenRecoverWithoutNodeRestart() throws Exception {
    try (var db = PostgresTestDatabase.create();
        var sink = new TargetServer()) {
      Map<String, String> env = new HashMap<>();
      env.put("DATABASE_URL", db.jdbcUrl());
      env.put("DATABASE_USER", db.user());
      env.put("DATABASE_PASSWORD", db.password());
      env.put("SECRETS_KEY", TestNode.SECRETS_KEY);
      env.put("API_KEYS", "k=" + TENANT);
      env.put("OUTBOUND_ALLOW_HOSTS", "127.0.0.1/32:" + sink.port());
      Path log = NodeProcess.logFile("PostgresRestartIT").toPath();
      try (var node = NodeProcess.start(env, log)) {
        node.awaitReady(Duration.ofSeconds(60));
        var api = new ApiClient(node.httpPort(), "k");
        run(api, sink, db, node, log);
      } finally {
        pgctl("start"); // before the database is dropped
      }
    } finally {
      pgctl("start"); // whatever happened: the machine's PostgreSQL runs again
    }
  }

  private void run(
      ApiClient api, TargetServer sink, PostgresTestDatabase db, NodeProcess node, Path log)
      throws Exception {
    List<Sent> sent = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService load = Executors.newSingleThreadExecutor();
    try {
      Future<?> generator =
          load.submit(
              () -> {
                int n = 0;
                while (!stop.get()) {
                  sent.add(submit(api, sink, "k-" + n++));
                  pace(20);
                }
              });
      Await.until(Duration.ofSeconds(30), "load running", () -> sent.size() > 100);
      int threadsBefore = threads(node.pid());
      int sessionsBefore = sessions(db);

      long restartAt = System.nanoTime();
      pgctl("restart", "-m", "fast");
      long restartedAt = System.nanoTime();
      awaitLoad(sent, restartedAt, Duration.ofSeconds(10));

      long crashAt = System.nanoTime();
      pgctl("stop", "-m", "immediate");
      awaitLoad(sent, crashAt, Duration.ofSeconds(10)); // the database stays away 10 s
      pgctl("start");
      long backAt = System.nanoTime();

      Sent firstAfter =
          Await.value(
              RECOVERY,
              "a submit accepted after PostgreSQL is back",
              () ->
                  sent.stream()
                      .filter(s -> s.atNanos() > backAt && s.status() == 201)
                      .findFirst()
                      .orElse(null),
              s -> s != null);
      long recoveredMs = (firstAfter.atNanos() - backAt) / 1_000_000;
      awaitLoad(sent, firstAfter.atNanos(), Duration.ofSeconds(5));
      stop.set(true);
      generator.get(60, TimeUnit.SECONDS);

      report(sent, restartAt, backAt, recoveredMs);
      for (Sent s : sent) {
        assertTrue(
            s.status() == 201 || s.status() == 200 || s.status() == 503,
            "only 2xx or 503 during a database outage: " + s);
        assertTrue(s.millis() < FAST.toMillis(), "submit took " + s.millis() + " ms: " + s);
      }
      assertTrue(recoveredMs < RECOVERY.toMillis(), "recovered after " + recoveredMs + " ms");

      reconcile(api, sink, sent, crashAt, backAt, restartAt, restartedAt);

      int threadsAfter = threads(node.pid());
      int sessionsAfter =
          Await.value(
              SETTLE, "sessions within the pools", () -> sessions(db), c -> c <= MAX_SESSIONS);
      System.out.printf(
          "F7 threads before %d after %d; database sessions before %d after %d (pools %d)%n",
          threadsBefore, threadsAfter, sessionsBefore, sessionsAfter, MAX_SESSIONS);
      assertTrue(
          threadsAfter <= threadsBefore + 30,
          "threads grew from " + threadsBefore + " to " + threadsAfter);
      long dupKeyLines =
          Files.readAllLines(log).stream().filter(l -> l.contains("duplicate key")).count();
      System.out.printf("F7 'duplicate key' lines in the node log: %d%n", dupKeyLines);
    } finally {
      stop.set(true);
      load.shutdownNow();
    }
  }

  private static Sent submit(ApiClient api, TargetServer sink, String key) {
    String body =
        "{\"name\":\"pg-restart\",\"request\":{\"method\":\"POST\",\"url\":\""
            + sink.url("/sink")
            + "\",\"headers\":{},\"body\":\"x\"},\"dueAt\":\""
            + Instant.now().plusMillis(500)
            + "\",\"idempotencyKey\":\""
            + key
            + "\"}";
    long t0 = System.nanoTime();
    var r = api.submit(TENANT, body);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    String id = r.status() / 100 == 2 ? r.json().get("serviceCallId").asText() : null;
    String detail =
        r.contentType().contains("json") && r.status() >= 400
            ? r.json().path("detail").asText()
            : "";
    return new Sent(key, body, t0, r.status(), ms, id, detail);
  }

  private static void report(List<Sent> sent, long restartAt, long backAt, long recoveredMs) {
    List<Long> refused =
        sent.stream().filter(s -> s.status() == 503).map(Sent::millis).sorted().toList();
    long p50 = refused.isEmpty() ? 0 : refused.get(refused.size() / 2);
    long max = refused.isEmpty() ? 0 : refused.get(refused.size() - 1);
    long unknown = sent.stream().filter(s -> s.detail().contains("may or may not")).count();
    System.out.printf(
        "F7 submits %d (from restart to back: %d s): 2xx %d, 503 %d (p50 %d ms, max %d ms,"
            + " outcome unknown %d); first 201 %d ms after PostgreSQL was back%n",
        sent.size(),
        (backAt - restartAt) / 1_000_000_000,
        sent.stream().filter(s -> s.status() / 100 == 2).count(),
        refused.size(),
        p50,
        max,
        unknown,
        recoveredMs);
  }

  private static void reconcile(
      ApiClient api,
      TargetServer sink,
      List<Sent> sent,
      long crashAt,
      long backAt,
      long restartAt,
      long restartedAt) {
    Map<String, Sent> accepted = new LinkedHashMap<>();
    for (Sent s : sent) {
      if (s.id() != null) {
        accepted.put(s.id(), s);
      } else if (s.detail().contains("may or may not")) {
        // As the API says: the same request with the same key; stored once either way.
        var r = api.submit(TENANT, s.body());
        assertTrue(r.status() == 200 || r.status() == 201, s.key() + ": " + r.body());
        accepted.put(r.json().get("serviceCallId").asText(), s);
      }
    }
    List<String> notDone = new ArrayList<>();
    Await.until(
        SETTLE,
        "every accepted call SUCCEEDED",
        () -> {
          notDone.clear();
          for (String id : accepted.keySet()) {
            var r = api.call(TENANT, id);
            if (r.status() != 200 || !"SUCCEEDED".equals(r.json().get("status").asText())) {
              notDone.add(id + "=" + r.status() + " " + r.body());
              if (notDone.size() > 3) {
                return false;
              }
            }
          }
          return notDone.isEmpty();
        });
    Map<String, Integer> received = new HashMap<>();
    sink.receivedOn("/sink")
        .forEach(r -> received.merge(r.header("X-Service-Call-Id"), 1, Integer::sum));
    int lost = 0;
    int duplicated = 0;
    int duplicatedOutsideOutage = 0;
    for (var e : accepted.entrySet()) {
      int n = received.getOrDefault(e.getKey(), 0);
      if (n == 0) {
        lost++;
      } else if (n > 1) {
        duplicated++;
        long at = e.getValue().atNanos();
        // An attempt in flight when the database went away may be sent again (its result could
        // not be written); the call is due 0.5 s after its submit, attempts end within a second.
        boolean inFlightAtAFault =
            (at > restartAt - 3_000_000_000L && at < restartedAt + 3_000_000_000L)
                || (at > crashAt - 3_000_000_000L && at < backAt + 3_000_000_000L);
        if (!inFlightAtAFault) {
          duplicatedOutsideOutage++;
        }
      }
    }
    long unexpected = received.keySet().stream().filter(id -> !accepted.containsKey(id)).count();
    System.out.printf(
        "F7 reconciliation: accepted %d, lost %d, duplicated %d (outside the fault windows %d),"
            + " unexpected %d%n",
        accepted.size(), lost, duplicated, duplicatedOutsideOutage, unexpected);
    assertEquals(0, lost, "lost");
    assertEquals(0, duplicatedOutsideOutage, "duplicated outside the fault windows");
    assertEquals(0, unexpected, "received but never accepted");
  }

  private static void awaitLoad(List<Sent> sent, long since, Duration span) {
    Await.until(
        span.plusSeconds(30),
        "load for " + span,
        () -> System.nanoTime() - since >= span.toNanos());
  }

  private static void pace(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring("Threads:".length()).trim());
      }
    }
    throw new IllegalStateException("no thread count for " + pid);
  }

  private static int sessions(PostgresTestDatabase db) {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", db.user(), db.password());
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
      ps.setString(1, db.name());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      return Integer.MAX_VALUE; // not reachable (yet): not "within the pools"
    }
  }

  private static void pgctl(String... action) throws IOException, InterruptedException {
    String version;
    try (var versions = Files.list(Path.of("/etc/postgresql"))) {
      version = versions.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
    }
    List<String> cmd =
        new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main"));
    cmd.addAll(List.of(action));
    var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(cmd + " did not finish");
    }
    // "start" on a running cluster exits 2 ("already running"): that is the state we want.
    if (p.exitValue() != 0 && !(action[0].equals("start") && p.exitValue() == 2)) {
      throw new IllegalStateException(cmd + " exited " + p.exitValue() + ": " + out);
    }
    System.out.printf("F7 %s%n", String.join(" ", cmd));
  }
}
