package dev.orchestrator.testing.cluster;

import dev.orchestrator.testing.PostgresTestDatabase;
import dev.orchestrator.testing.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node process in a cluster of its own (no {@code SEED_NODES}), for the single-node crash
 * suites (F0, F6): either on the embedded H2 default store ({@link #h2}: no {@code DATABASE_URL},
 * {@code DATA_DIR} a directory the test owns, so the node uses the default file URL with {@code
 * WRITE_DELAY=0}) or on a fresh PostgreSQL database ({@link #postgres}). Same tenant, key, signing
 * secret and execution node header as {@link TestCluster}, so the sink, load driver and {@link
 * Oracle} work unchanged. {@link #restart()} starts a new incarnation on the same store and cluster
 * port; every incarnation's log is kept for the oracle's grep. Always {@link #close()} it.
 */
public final class SingleNode implements AutoCloseable {
  private final String name;
  private final Map<String, String> env;
  private final List<String> jvmOptions;
  private final PostgresTestDatabase db;
  private final List<Path> logs = new ArrayList<>();
  private ClusterNode node;
  private int incarnation;

  private SingleNode(
      String name, Map<String, String> env, List<String> jvmOptions, PostgresTestDatabase db) {
    this.name = name;
    this.env = env;
    this.jvmOptions = jvmOptions;
    this.db = db;
  }

  /**
   * A node on the embedded H2 store under {@code dataDir} (the secrets key is generated there too,
   * as on a fresh install). {@code extraEnv} wins over the defaults.
   */
  public static SingleNode h2(
      String name, Path dataDir, Map<String, String> extraEnv, List<String> jvmOptions)
      throws Exception {
    Map<String, String> env = baseEnv();
    env.put("DATA_DIR", dataDir.toString());
    env.putAll(extraEnv);
    return start(name, env, jvmOptions, null);
  }

  /** A node on a fresh PostgreSQL database, dropped on {@link #close()}. */
  public static SingleNode postgres(
      String name, Map<String, String> extraEnv, List<String> jvmOptions) throws Exception {
    PostgresTestDatabase.assumeAvailable();
    var db = PostgresTestDatabase.create();
    try {
      Map<String, String> env = baseEnv();
      env.put("DATABASE_URL", db.jdbcUrl());
      env.put("DATABASE_USER", db.user());
      env.put("DATABASE_PASSWORD", db.password());
      env.put("SECRETS_KEY", TestNode.SECRETS_KEY);
      env.putAll(extraEnv);
      return start(name, env, jvmOptions, db);
    } catch (Throwable t) {
      db.close();
      throw t;
    }
  }

  private static Map<String, String> baseEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("API_KEYS", TestCluster.API_KEY + "=" + TestCluster.TENANT);
    env.put("SIGNING_SECRETS", TestCluster.TENANT + "=" + TestCluster.SIGNING_SECRET);
    env.put("EXECUTION_NODE_HEADER", TestCluster.NODE_HEADER);
    return env;
  }

  private static SingleNode start(
      String name, Map<String, String> env, List<String> jvmOptions, PostgresTestDatabase db)
      throws Exception {
    var single = new SingleNode(name, Map.copyOf(env), List.copyOf(jvmOptions), db);
    try {
      single.launch(ClusterNode.Ports.free());
      single.awaitReady();
      return single;
    } catch (Throwable t) {
      single.close();
      throw t;
    }
  }

  private void launch(ClusterNode.Ports ports) throws Exception {
    String nodeName = name + "-" + (++incarnation);
    node = ClusterNode.start(new ClusterNode.Spec(nodeName, ports, env, jvmOptions));
    synchronized (logs) {
      logs.add(node.log());
    }
  }

  /** The current incarnation (dead or alive). */
  public ClusterNode node() {
    return node;
  }

  /** The current incarnation if it runs and is not paused: what the oracle may read through. */
  public List<ClusterNode> live() {
    return node.isAlive() && !node.isPaused() ? List.of(node) : List.of();
  }

  /** Log files of every incarnation started so far. */
  public List<Path> logs() {
    synchronized (logs) {
      return List.copyOf(logs);
    }
  }

  public Optional<PostgresTestDatabase> database() {
    return Optional.ofNullable(db);
  }

  /**
   * Starts a new incarnation on the same store (same cluster port, fresh HTTP/JMX/management ports)
   * after the old process has ended, and waits until it is ready.
   */
  public ClusterNode restart() throws Exception {
    if (node.isAlive()) {
      throw new IllegalStateException(node + " still runs; kill or terminate it first");
    }
    launch(node.spec().ports().restarted());
    awaitReady();
    return node;
  }

  // A start that lost a port to another process is repeated with fresh ports (twice at most).
  private void awaitReady() throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        node.awaitReady(TestCluster.START_TIMEOUT);
        return;
      } catch (AssertionError e) {
        if (attempt >= 3 || !ClusterNode.lostPortRace(node)) {
          throw e;
        }
        launch(node.spec().ports().restarted());
      }
    }
  }

  /** An oracle over this node's tenant and logs. */
  public Oracle oracle(SubmitLog log, RecordingSink sink) {
    return new Oracle(log, sink, this::live, TestCluster.API_KEY, this::logs);
  }

  @Override
  public void close() throws Exception {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }
}
