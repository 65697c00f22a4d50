package dev.orchestrator;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -jar target/orchestrator.jar}. Configuration comes from the environment.
 */
public final class Main {
  // Before the logger below: logback reads its configuration when the first logger is made.
  static {
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
