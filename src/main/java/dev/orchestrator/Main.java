package dev.orchestrator;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -jar target/orchestrator.jar}. Configuration comes from the environment.
 */
public final class Main {
  private static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  // Before the logger below: logback reads its configuration when the first logger is made.
  static {
    // On a machine with at most 2 CPUs the common pool has parallelism 1, and then the JDK runs
    // every CompletableFuture *Async callback that names no executor (some inside Pekko's ask and
    // its Java adapters do) on a brand-new thread: seen in profiles of a loaded node as thread
    // starts on the scheduler thread. Two workers make it a pool again. An explicit setting wins.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
    LogFormat.select(System.getenv());
  }

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    try {
      // A node that the cluster downed must exit, or it would keep executing calls nobody records.
      Node.start(
          ConfigLoader.load(ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on")));
    } catch (Exception e) {
      log.error("Orchestrator failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }
}
