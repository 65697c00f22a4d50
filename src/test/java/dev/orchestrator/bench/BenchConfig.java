package dev.orchestrator.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of one benchmark run, from {@code --name=value} arguments or {@code -Dbench.name=value}
 * system properties (arguments win). Everything is bounded: counts, rate, duration and timeouts.
 */
record BenchConfig(
    URI baseUrl,
    String apiKey,
    String tenant,
    List<String> scenarios,
    int warmupCalls,
    int burstCalls,
    int burstClients,
    long burstDueOffsetMs,
    int rate,
    int durationS,
    long dueDelayMs,
    int steadyConnections,
    int sinkPort,
    int sinkThreads,
    int timeoutS,
    long pollMs,
    long dupGraceMs,
    int maxRuntimeS,
    String runId,
    QueryConfig query,
    HoldConfig hold) {

  /**
   * The query scenario (bench/README.md "Query"): the read model seeded with {@code rows} calls of
   * the measured tenant (and others), then every query kind run by {@code concurrency} clients,
   * {@code requests} times or for {@code phaseS} seconds, after {@code warmup} unmeasured ones.
   * {@code kinds} names the kinds to run (empty: all). {@code dbUrl} is the node's PostgreSQL
   * database, which the benchmark seeds directly.
   */
  record QueryConfig(
      int rows,
      int concurrency,
      int requests,
      int warmup,
      int phaseS,
      List<String> kinds,
      String dbUrl,
      String dbUser) {}

  /**
   * The hold scenario (bench/README.md "Hold"): {@code calls} calls held, due {@code dueInS}
   * seconds ahead, of which {@code apiCalls} are submitted through the API by {@code clients}
   * clients and the rest seeded into PostgreSQL ({@code dbUrl}); {@code watchS} seconds of watching
   * after the restart. {@code nodeControl} is the directory through which run.sh measures, stops
   * and starts the node.
   */
  record HoldConfig(
      int calls,
      int apiCalls,
      int clients,
      int dueInS,
      int watchS,
      int settleS,
      String dbUrl,
      String dbUser,
      String nodeControl) {}

  /** Scenario names as given, and what they run: {@code rate} is the old name of steady. */
  static final Map<String, String> SCENARIOS =
      Map.of(
          "burst", "burst", "steady", "steady", "rate", "steady", "hold", "hold", "query", "query");

  /** Old option names, still accepted. */
  private static final Map<String, String> ALIASES = Map.of("burst-concurrency", "burst-clients");

  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("base-url", "http://127.0.0.1:8080");
    DEFAULTS.put("api-key", "bench-key");
    DEFAULTS.put("tenant", "bench");
    DEFAULTS.put("scenario", "burst,steady");
    DEFAULTS.put("warmup-calls", "100");
    DEFAULTS.put("burst-calls", "10000");
    DEFAULTS.put("burst-clients", "32");
    DEFAULTS.put("burst-due-offset-ms", "0");
    DEFAULTS.put("rate", "200");
    DEFAULTS.put("duration-s", "30");
    DEFAULTS.put("due-delay-ms", "5000");
    DEFAULTS.put("steady-connections", "256");
    DEFAULTS.put("hold-calls", "1000000");
    DEFAULTS.put("hold-api-calls", "1000");
    DEFAULTS.put("hold-clients", "32");
    DEFAULTS.put("hold-due-in-s", "3600");
    DEFAULTS.put("hold-watch-s", "30");
    DEFAULTS.put("hold-settle-s", "5");
    DEFAULTS.put("node-control", "");
    DEFAULTS.put("sink-port", "19000");
    DEFAULTS.put("sink-threads", "8");
    DEFAULTS.put("timeout-s", "120");
    DEFAULTS.put("poll-ms", "200");
    DEFAULTS.put("dup-grace-ms", "3000");
    DEFAULTS.put("max-runtime-s", "900");
    DEFAULTS.put("query-rows", "1000000");
    DEFAULTS.put("query-concurrency", "8");
    DEFAULTS.put("query-requests", "2000");
    DEFAULTS.put("query-warmup", "200");
    DEFAULTS.put("query-phase-s", "60");
    DEFAULTS.put("query-kinds", "all");
    DEFAULTS.put("db-url", "");
    DEFAULTS.put("db-user", "postgres");
    DEFAULTS.put("run-id", Long.toString(System.currentTimeMillis(), 36));
  }

  static String usage() {
    StringBuilder b =
        new StringBuilder(
            "usage: Bench [--name=value ...]  (or -Dbench.name=value)\noptions and defaults:\n");
    DEFAULTS.forEach((k, v) -> b.append("  --").append(k).append('=').append(v).append('\n'));
    b.append(
        "scenario: burst, steady (old name: rate), hold, query, or several comma-separated,\n");
    b.append("  run in that order\n");
    b.append("query and hold need db-url (jdbc:postgresql://127.0.0.1:PORT/DB); hold also needs\n");
    b.append("  node-control (run.sh passes it); with either, max-runtime-s defaults to 3600\n");
    b.append("burst-concurrency is the old name of burst-clients\n");
    return b.toString();
  }

  static BenchConfig parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>(DEFAULTS);
    Set<String> explicit = new java.util.HashSet<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("bench.")) {
        put(m, name.substring("bench.".length()), System.getProperty(name));
        explicit.add(name.substring("bench.".length()));
      }
    }
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got '" + a + "'");
      }
      put(m, a.substring(2, eq), a.substring(eq + 1));
      explicit.add(a.substring(2, eq));
    }
    URI base = URI.create(stripSlash(m.get("base-url")));
    requireLoopback(base.getHost(), "base-url");
    List<String> scenarios = new java.util.ArrayList<>();
    for (String s : m.get("scenario").split(",")) {
      String canonical = SCENARIOS.get(s.trim());
      if (canonical == null) {
        throw new IllegalArgumentException(
            "unknown scenario '" + s + "' (burst, steady, rate, hold, query)");
      }
      if (!scenarios.contains(canonical)) {
        scenarios.add(canonical);
      }
    }
    QueryConfig query = scenarios.contains("query") ? query(m) : null;
    HoldConfig hold = scenarios.contains("hold") ? hold(m) : null;
    if ((query != null || hold != null) && !explicit.contains("max-runtime-s")) {
      m.put("max-runtime-s", "3600");
    }
    if (!m.get("run-id").matches("[A-Za-z0-9._-]{1,40}")) {
      throw new IllegalArgumentException("run-id must be 1-40 of A-Z a-z 0-9 . _ -");
    }
    return new BenchConfig(
        base,
        m.get("api-key"),
        m.get("tenant"),
        scenarios,
        bounded(m, "warmup-calls", 0, 10_000),
        bounded(m, "burst-calls", 1, 100_000),
        bounded(m, "burst-clients", 1, 1024),
        bounded(m, "burst-due-offset-ms", 0, 600_000),
        bounded(m, "rate", 1, 5_000),
        bounded(m, "duration-s", 1, 3_600),
        bounded(m, "due-delay-ms", 0, 600_000),
        bounded(m, "steady-connections", 1, 2_048),
        bounded(m, "sink-port", 1, 65_535),
        bounded(m, "sink-threads", 1, 256),
        bounded(m, "timeout-s", 1, 3_600),
        bounded(m, "poll-ms", 10, 60_000),
        bounded(m, "dup-grace-ms", 0, 600_000),
        bounded(m, "max-runtime-s", 10, 7_200),
        m.get("run-id"),
        query,
        hold);
  }

  private static HoldConfig hold(Map<String, String> m) {
    String dbUrl = postgresUrl(m, "hold");
    String control = m.get("node-control").trim();
    if (control.isEmpty() || !java.nio.file.Files.isDirectory(java.nio.file.Path.of(control))) {
      throw new IllegalArgumentException(
          "scenario hold needs node-control=DIR (run.sh passes it: it measures and restarts the"
              + " node)");
    }
    int calls = bounded(m, "hold-calls", 1, 10_000_000);
    int apiCalls = bounded(m, "hold-api-calls", 1, 100_000);
    if (apiCalls > calls) {
      throw new IllegalArgumentException("hold-api-calls must not exceed hold-calls");
    }
    return new HoldConfig(
        calls,
        apiCalls,
        bounded(m, "hold-clients", 1, 1024),
        // At least 10 minutes: nothing held may fall due (or be woken) while the benchmark runs.
        bounded(m, "hold-due-in-s", 600, 86_400),
        bounded(m, "hold-watch-s", 1, 600),
        bounded(m, "hold-settle-s", 0, 600),
        dbUrl,
        m.get("db-user"),
        control);
  }

  private static String postgresUrl(Map<String, String> m, String scenario) {
    String dbUrl = m.get("db-url").trim();
    if (!dbUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "scenario "
              + scenario
              + " needs db-url=jdbc:postgresql://127.0.0.1:PORT/DB (PostgreSQL only)");
    }
    requireLoopback(URI.create(dbUrl.substring("jdbc:".length())).getHost(), "db-url");
    return dbUrl;
  }

  private static QueryConfig query(Map<String, String> m) {
    String dbUrl = m.get("db-url").trim();
    if (!dbUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "scenario query needs db-url=jdbc:postgresql://127.0.0.1:PORT/DB (PostgreSQL only)");
    }
    requireLoopback(URI.create(dbUrl.substring("jdbc:".length())).getHost(), "db-url");
    int rows = bounded(m, "query-rows", 1_000, 10_000_000);
    if (rows % 20 != 0) {
      // The seed interleaves tenants 20 : 4 : 2 : 1; whole groups keep the measured count exact.
      throw new IllegalArgumentException("query-rows must be a multiple of 20");
    }
    return new QueryConfig(
        rows,
        bounded(m, "query-concurrency", 1, 64),
        bounded(m, "query-requests", 1, 100_000),
        bounded(m, "query-warmup", 0, 10_000),
        bounded(m, "query-phase-s", 1, 600),
        m.get("query-kinds").equals("all") ? List.of() : List.of(m.get("query-kinds").split(",")),
        dbUrl,
        m.get("db-user"));
  }

  private static void put(Map<String, String> m, String key, String value) {
    key = ALIASES.getOrDefault(key, key);
    if (!DEFAULTS.containsKey(key)) {
      throw new IllegalArgumentException("unknown option '" + key + "'");
    }
    m.put(key, value);
  }

  private static int bounded(Map<String, String> m, String key, int min, int max) {
    try {
      int v = Integer.parseInt(m.get(key).trim());
      if (v < min || v > max) {
        throw new IllegalArgumentException(key + " must be between " + min + " and " + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + m.get(key) + "'");
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The benchmark only ever talks to this machine. */
  static void requireLoopback(String host, String what) {
    try {
      if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException(what + " must be a loopback address, got " + host);
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(what + ": unknown host " + host);
    }
  }

  /** The URL the service calls; the sink listens on 127.0.0.1 only. */
  String sinkUrl(String scenario) {
    return "http://127.0.0.1:" + sinkPort + "/sink/" + scenario;
  }

  String tag(String scenario) {
    return "bench-" + runId + "-" + scenario;
  }
}
