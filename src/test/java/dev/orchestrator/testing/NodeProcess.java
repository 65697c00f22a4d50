package dev.orchestrator.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The service as a separate JVM started from the test classpath (like {@code java -jar}), with its
 * own ports and log file, so tests can {@code kill -9} it. Always {@link #close} it.
 */
public final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final int httpPort;

  private NodeProcess(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  public static NodeProcess start(Map<String, String> env, Path log) throws IOException {
    int httpPort = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb =
        new ProcessBuilder(
            java,
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.orchestrator.Main");
    pb.environment().putAll(env);
    pb.environment().put("HTTP_HOST", "127.0.0.1");
    pb.environment().put("HTTP_PORT", Integer.toString(httpPort));
    pb.environment().put("CLUSTER_PORT", Integer.toString(freePort()));
    pb.environment().put("MANAGEMENT_PORT", Integer.toString(freePort()));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new NodeProcess(pb.start(), httpPort);
  }

  public int httpPort() {
    return httpPort;
  }

  public long pid() {
    return process.pid();
  }

  /** Waits until /health/ready answers 200, or fails if the process dies or time runs out. */
  public void awaitReady(Duration max) {
    HttpClient client = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + httpPort + "/health/ready");
    Await.until(
        max,
        "node on port " + httpPort + " to be ready",
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("node process exited with " + process.exitValue());
          }
          try {
            return client
                    .send(
                        HttpRequest.newBuilder(ready).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }

  /** SIGKILL: no shutdown hook, no flush; what a crash or an OOM killer does. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public static File logFile(String name) {
    File dir = new File("target/node-logs");
    dir.mkdirs();
    return new File(dir, name + "-" + System.currentTimeMillis() + ".log");
  }
}
