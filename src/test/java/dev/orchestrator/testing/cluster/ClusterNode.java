package dev.orchestrator.testing.cluster;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.NodeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One node of a {@link TestCluster}: a separate JVM running {@code dev.orchestrator.Main} from the
 * test classpath (so {@code exit-jvm} is on and a downed node really exits), with ports chosen
 * before it starts (the cluster port goes into every node's {@code SEED_NODES}), its own log file
 * and extra {@code -D} options. Signals go to its pid: {@link #kill()} (SIGKILL), {@link
 * #terminate()} (SIGTERM, graceful leave), {@link #pause()}/{@link #resume()} (SIGSTOP/SIGCONT).
 * Always {@link #close()} it.
 */
public final class ClusterNode implements AutoCloseable {
  /** JVM options every node gets: three nodes, the database and the tests share two cores. */
  public static final List<String> BASE_JVM_OPTIONS =
      List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=2");

  /**
   * Ports of one node incarnation ({@code management}: Pekko Management HTTP, one per node on a
   * shared host). {@code jmx} is a loopback-only, unauthenticated JMX agent the harness reads
   * cluster membership from (Pekko's {@code pekko:type=Cluster} MBean); production never opens it.
   */
  public record Ports(int http, int cluster, int jmx, int management) {
    public static Ports free() throws IOException {
      return new Ports(
          NodeProcess.freePort(),
          NodeProcess.freePort(),
          NodeProcess.freePort(),
          NodeProcess.freePort());
    }

    /** Same cluster port (seed lists stay valid), fresh other ports: a restart. */
    public Ports restarted() throws IOException {
      return new Ports(
          NodeProcess.freePort(), cluster, NodeProcess.freePort(), NodeProcess.freePort());
    }
  }

  /** What to start: a name for logs, ports, environment and extra JVM options. */
  public record Spec(String name, Ports ports, Map<String, String> env, List<String> jvmOptions) {}

  private final Spec spec;
  private final Process process;
  private final Path log;
  private final Instant startedAt;
  private final JmxMembership membership;
  private final int managementPort;
  private volatile boolean paused;

  private ClusterNode(Spec spec, Process process, Path log, Instant startedAt, int managementPort) {
    this.spec = spec;
    this.process = process;
    this.log = log;
    this.startedAt = startedAt;
    this.managementPort = managementPort;
    this.membership = new JmxMembership(spec.ports().jmx());
  }

  public static ClusterNode start(Spec spec) throws IOException {
    Path dir = Path.of("target", "node-logs");
    Files.createDirectories(dir);
    Path log = dir.resolve(spec.name() + "-" + System.currentTimeMillis() + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(BASE_JVM_OPTIONS);
    int jmx = spec.ports().jmx();
    cmd.add("-Dcom.sun.management.jmxremote.port=" + jmx);
    cmd.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmx);
    cmd.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
    cmd.add("-Dcom.sun.management.jmxremote.authenticate=false");
    cmd.add("-Dcom.sun.management.jmxremote.ssl=false");
    cmd.add("-Djava.rmi.server.hostname=127.0.0.1");
    cmd.addAll(spec.jvmOptions());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.orchestrator.Main");
    var pb = new ProcessBuilder(cmd);
    pb.environment().putAll(spec.env());
    pb.environment().put("HTTP_HOST", "127.0.0.1");
    pb.environment().put("HTTP_PORT", Integer.toString(spec.ports().http()));
    pb.environment().put("CLUSTER_HOST", "127.0.0.1");
    pb.environment().put("CLUSTER_PORT", Integer.toString(spec.ports().cluster()));
    pb.environment().put("MANAGEMENT_PORT", Integer.toString(spec.ports().management()));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new ClusterNode(spec, pb.start(), log, Instant.now(), spec.ports().management());
  }

  public String name() {
    return spec.name();
  }

  public Spec spec() {
    return spec;
  }

  public int httpPort() {
    return spec.ports().http();
  }

  /** Pekko Management's HTTP port of this incarnation (cluster members, shards, health). */
  public int managementPort() {
    return managementPort;
  }

  public int clusterPort() {
    return spec.ports().cluster();
  }

  /** {@code 127.0.0.1:<cluster port>}: how SEED_NODES and the execution node header name it. */
  public String address() {
    return "127.0.0.1:" + clusterPort();
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public boolean isPaused() {
    return paused;
  }

  public ApiClient api(String apiKey) {
    return new ApiClient(httpPort(), apiKey);
  }

  /** This node's own view of the cluster, read over JMX; empty if it does not answer in time. */
  public Optional<ClusterView> membership() {
    if (paused || !isAlive()) {
      return Optional.empty();
    }
    return membership.read(Duration.ofSeconds(5));
  }

  /** True when /health/ready answers 200 now. */
  public boolean ready() {
    if (paused || !isAlive()) {
      return false;
    }
    try {
      return READY_CLIENT
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + httpPort() + "/health/ready"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits until /health/ready answers 200; fails at once if the process exits. */
  public void awaitReady(Duration max) {
    Await.until(
        max,
        name() + " to be ready",
        () -> {
          if (!isAlive()) {
            throw new AssertionError(name() + " exited with " + process.exitValue() + "; " + log);
          }
          return ready();
        });
  }

  /**
   * True when {@code node} has exited because a port chosen for it was taken before it could bind
   * it: free ports are picked from the ephemeral range, which outgoing connections on this busy box
   * (nodes to PostgreSQL, load drivers to nodes) use too. Starting again with fresh ports is the
   * remedy; it says nothing about the product.
   */
  public static boolean lostPortRace(ClusterNode node) {
    if (node.isAlive()) {
      return false;
    }
    try {
      return Files.readString(node.log()).contains("Address already in use");
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGKILL and wait for the process to be gone: no shutdown hook, no flush, no leave. */
  public Instant kill() throws InterruptedException {
    process.destroyForcibly();
    Instant at = Instant.now();
    process.waitFor();
    membership.close();
    return at;
  }

  /** SIGTERM: coordinated shutdown, the node leaves the cluster and hands its shards off. */
  public Instant terminate() {
    process.destroy();
    return Instant.now();
  }

  /** SIGSTOP: the JVM freezes (a long GC pause, a hung VM) while its sockets stay open. */
  public Instant pause() throws IOException, InterruptedException {
    signal("-STOP");
    paused = true;
    return Instant.now();
  }

  /** SIGCONT after {@link #pause()}. */
  public Instant resume() throws IOException, InterruptedException {
    signal("-CONT");
    paused = false;
    return Instant.now();
  }

  /** Waits for the process to end by itself; returns its exit code, or empty at the deadline. */
  public Optional<Integer> awaitExit(Duration max) throws InterruptedException {
    if (process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      membership.close();
      return Optional.of(process.exitValue());
    }
    return Optional.empty();
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", signal, Long.toString(pid())).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("kill " + signal + " " + pid() + " failed");
    }
  }

  /** Kills the process if it still runs (resuming it first if paused, so SIGKILL is prompt). */
  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      if (paused) {
        resume();
      }
      kill();
    }
    membership.close();
  }

  @Override
  public String toString() {
    return name() + "(pid " + pid() + ", http " + httpPort() + ", cluster " + clusterPort() + ")";
  }

  private static final HttpClient READY_CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
}
