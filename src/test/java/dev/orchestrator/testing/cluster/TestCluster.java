package dev.orchestrator.testing.cluster;

import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.PostgresTestDatabase;
import dev.orchestrator.testing.TestNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * N {@link ClusterNode}s on one fresh PostgreSQL database, all given the same {@code SEED_NODES},
 * one tenant ({@link #TENANT}, key {@link #API_KEY}, signing on so attempts carry {@code
 * webhook-id}) and the execution node header ({@link #NODE_HEADER}) on. Slots keep their cluster
 * port across restarts, so the seed list stays valid; every incarnation's log is kept for the
 * oracle's grep. Membership is read from each node's own view (see {@link ClusterView}).
 */
public final class TestCluster implements AutoCloseable {
  public static final String TENANT = "acme";
  public static final String API_KEY = "cluster-test-key";
  public static final String NODE_HEADER = "X-Orchestrator-Node";
  public static final String SIGNING_SECRET = "whsec_c2VjcmV0LWZvci1hY21lLXRlbmFudC0zMmI=";

  /** The catalogue's test settings (RELIABILITY §4, §5 F1 and K5) as system properties. */
  public static final List<String> FAULT_TEST_OPTIONS =
      List.of(
          "-Dpekko.cluster.split-brain-resolver.stable-after=10s",
          "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=8s",
          "-Dpekko.cluster.min-nr-of-members=1");

  /** Node start-up on a busy two-core box: three JVMs compiling at once. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final String name;
  private final PostgresTestDatabase db;
  private final Map<String, String> env;
  private final List<String> jvmOptions;
  private final ClusterNode[] slots;
  private final List<Path> logs = new ArrayList<>();
  private final int[] incarnations;
  private Instant postgresStartedAt;

  private TestCluster(
      String name,
      PostgresTestDatabase db,
      Map<String, String> env,
      List<String> jvmOptions,
      int size) {
    this.name = name;
    this.db = db;
    this.env = env;
    this.jvmOptions = jvmOptions;
    this.slots = new ClusterNode[size];
    this.incarnations = new int[size];
  }

  /**
   * Creates the database, starts {@code size} nodes one after the other and waits until each sees
   * all of them Up. {@code extraEnv} wins over the defaults (e.g. {@code OUTBOUND_ALLOW_HOSTS} for
   * the sink); {@code jvmOptions} come after {@link ClusterNode#BASE_JVM_OPTIONS}.
   */
  public static TestCluster start(
      String name, int size, Map<String, String> extraEnv, List<String> jvmOptions)
      throws Exception {
    PostgresTestDatabase.assumeAvailable();
    var db = PostgresTestDatabase.create();
    TestCluster cluster = null;
    try {
      List<ClusterNode.Ports> ports = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        ports.add(ClusterNode.Ports.free());
      }
      Map<String, String> env = new HashMap<>();
      env.put("DATABASE_URL", db.jdbcUrl());
      env.put("DATABASE_USER", db.user());
      env.put("DATABASE_PASSWORD", db.password());
      env.put("SECRETS_KEY", TestNode.SECRETS_KEY);
      env.put("API_KEYS", API_KEY + "=" + TENANT);
      env.put("SIGNING_SECRETS", TENANT + "=" + SIGNING_SECRET);
      env.put("EXECUTION_NODE_HEADER", NODE_HEADER);
      env.put(
          "SEED_NODES",
          ports.stream().map(p -> "127.0.0.1:" + p.cluster()).collect(Collectors.joining(",")));
      env.putAll(extraEnv);
      cluster = new TestCluster(name, db, Map.copyOf(env), List.copyOf(jvmOptions), size);
      cluster.postgresStartedAt = cluster.postgresStartTime();
      // One at a time: three JVMs warming up at once on a busy two-core box starve each other's
      // heartbeats past the failure detector, and the SBR then downs half-formed clusters.
      for (int i = 0; i < size; i++) {
        cluster.startReady(i, ports.get(i));
      }
      cluster.awaitMembers(cluster.nodes(), START_TIMEOUT);
      return cluster;
    } catch (Throwable t) {
      if (cluster != null) {
        cluster.close();
      } else {
        db.close();
      }
      throw t;
    }
  }

  /**
   * Starts slot {@code i} and waits until it is ready. Ports other than the cluster port are picked
   * again right before each start, and a start that lost one of them to another process (bind
   * failure; the machine is shared) is retried twice with fresh ones.
   */
  private ClusterNode startReady(int i, ClusterNode.Ports ports) throws Exception {
    for (int tries = 1; ; tries++) {
      ClusterNode node = startSlot(i, ports.restarted());
      try {
        node.awaitReady(START_TIMEOUT);
        return node;
      } catch (AssertionError e) {
        boolean portTaken =
            !node.isAlive()
                && java.nio.file.Files.readString(node.log()).contains("Address already in use");
        if (!portTaken || tries == 3) {
          throw e;
        }
      }
    }
  }

  private ClusterNode startSlot(int i, ClusterNode.Ports ports) throws Exception {
    String nodeName = name + "-n" + (i + 1) + "-" + (++incarnations[i]);
    var node = ClusterNode.start(new ClusterNode.Spec(nodeName, ports, env, jvmOptions));
    slots[i] = node;
    synchronized (logs) {
      logs.add(node.log());
    }
    return node;
  }

  /** The current incarnation in each slot (dead or alive). */
  public List<ClusterNode> nodes() {
    return List.of(slots);
  }

  public ClusterNode node(int slot) {
    return slots[slot];
  }

  public int slotOf(ClusterNode node) {
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == node) {
        return i;
      }
    }
    throw new IllegalArgumentException(node + " is not in this cluster");
  }

  /** Nodes whose process runs and is not paused. */
  public List<ClusterNode> live() {
    return nodes().stream().filter(n -> n.isAlive() && !n.isPaused()).toList();
  }

  /** Log files of every incarnation started so far. */
  public List<Path> logs() {
    synchronized (logs) {
      return List.copyOf(logs);
    }
  }

  public PostgresTestDatabase database() {
    return db;
  }

  /**
   * Starts a new incarnation in {@code slot} (same cluster port, so the seed list holds) after the
   * old process has ended, and waits until it is ready and every live node sees all live nodes Up.
   */
  public ClusterNode restart(int slot) throws Exception {
    ClusterNode old = slots[slot];
    if (old.isAlive()) {
      throw new IllegalStateException(old + " still runs; kill or terminate it first");
    }
    var node = startReady(slot, old.spec().ports());
    awaitMembers(live(), START_TIMEOUT);
    return node;
  }

  /**
   * Starts a new incarnation in every slot at once, after all old processes have ended (a full
   * cluster restart, as an orchestrator would do it), and waits until each is ready and sees all of
   * them Up. The first seed forms the cluster; the others join it.
   */
  public List<ClusterNode> restartAll() throws Exception {
    for (ClusterNode old : slots) {
      if (old.isAlive()) {
        throw new IllegalStateException(old + " still runs; kill or terminate it first");
      }
    }
    for (int i = 0; i < slots.length; i++) {
      startSlot(i, slots[i].spec().ports().restarted());
    }
    for (int i = 0; i < slots.length; i++) {
      for (int attempt = 1; ; attempt++) {
        try {
          slots[i].awaitReady(START_TIMEOUT);
          break;
        } catch (AssertionError e) {
          if (attempt >= 3 || !ClusterNode.lostPortRace(slots[i])) {
            throw e;
          }
          startSlot(i, slots[i].spec().ports().restarted());
        }
      }
    }
    awaitMembers(nodes(), START_TIMEOUT);
    return nodes();
  }

  /**
   * Waits until each of {@code members} sees exactly {@code members} as cluster members, all Up and
   * reachable; returns when that was first observed.
   */
  public Instant awaitMembers(List<ClusterNode> members, Duration max) {
    List<String> expected = members.stream().map(ClusterNode::address).toList();
    Await.until(
        max,
        "each of " + expected + " to see exactly those members Up",
        () ->
            members.stream()
                .allMatch(n -> n.membership().map(v -> v.exactlyUp(expected)).orElse(false)));
    return Instant.now();
  }

  /**
   * Waits until every one of {@code observers} sees {@code gone} downed or removed; returns the
   * first moment that was observed by all (an upper bound on the downing time, to within the
   * polling interval).
   */
  public Instant awaitDowned(ClusterNode gone, List<ClusterNode> observers, Duration max) {
    Await.until(
        max,
        gone.address() + " to be downed in the view of " + observers,
        () ->
            observers.stream()
                .allMatch(
                    n -> n.membership().map(v -> v.downedOrRemoved(gone.address())).orElse(false)));
    return Instant.now();
  }

  /**
   * True when the PostgreSQL server restarted since this cluster started: the database is shared
   * with every other test on the machine, and a restart by someone else (a PostgreSQL fault suite)
   * makes a concurrent run's results meaningless. The suites print it next to their figures.
   */
  public boolean postgresRestarted() {
    try {
      return !postgresStartTime().equals(postgresStartedAt);
    } catch (SQLException e) {
      return true;
    }
  }

  private Instant postgresStartTime() throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        var rs = c.createStatement().executeQuery("SELECT pg_postmaster_start_time()")) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  /** The current incarnation whose cluster address is {@code address}. */
  public Optional<ClusterNode> byAddress(String address) {
    return nodes().stream().filter(n -> n.address().equals(address)).findFirst();
  }

  /** Kills every node still running, then drops the database. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    for (ClusterNode n : slots) {
      if (n == null) {
        continue;
      }
      try {
        n.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    db.close();
    if (first != null) {
      throw first;
    }
  }
}
