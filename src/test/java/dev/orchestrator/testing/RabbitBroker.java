package dev.orchestrator.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ server of the development machine (127.0.0.1:5672, guest/guest). Tests that need it
 * are skipped with a message when it is not reachable, except in CI (CI=true), where they fail.
 */
public final class RabbitBroker {
  public static final String URI = "amqp://guest:guest@127.0.0.1:5672";

  private RabbitBroker() {}

  public static void assumeAvailable() {
    boolean up;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 5672), 1000);
      up = true;
    } catch (java.io.IOException e) {
      up = false;
    }
    if (!up && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("RabbitMQ required (CI) but not reachable at 127.0.0.1:5672");
    }
    Assumptions.assumeTrue(up, "RabbitMQ not reachable at 127.0.0.1:5672: RabbitMQ tests skipped");
  }

  public static Connection connect() throws Exception {
    var factory = new ConnectionFactory();
    factory.setUri(URI);
    return factory.newConnection("orchestrator-test");
  }
}
