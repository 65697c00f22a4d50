package dev.orchestrator.testing.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads a node's membership from Pekko's cluster MBean over a loopback JMX connection. Each read
 * runs on its own daemon thread with a deadline, because a JMX call to a frozen or dying JVM can
 * block indefinitely; a failed read drops the connection so the next one reconnects.
 */
final class JmxMembership implements AutoCloseable {
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "jmx-membership");
            t.setDaemon(true);
            return t;
          });

  private final int port;
  private volatile JMXConnector connector;

  JmxMembership(int port) {
    this.port = port;
  }

  synchronized Optional<ClusterView> read(Duration max) {
    Future<String> status = READERS.submit(this::status);
    try {
      return Optional.of(ClusterView.parse(status.get(max.toMillis(), TimeUnit.MILLISECONDS)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      status.cancel(true);
      close();
      return Optional.empty();
    }
  }

  private String status() throws Exception {
    if (connector == null) {
      var url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
      connector = JMXConnectorFactory.connect(url);
    }
    MBeanServerConnection mbeans = connector.getMBeanServerConnection();
    return (String) mbeans.getAttribute(new ObjectName("pekko:type=Cluster"), "ClusterStatus");
  }

  @Override
  public synchronized void close() {
    if (connector != null) {
      JMXConnector c = connector;
      connector = null;
      READERS.submit(
          () -> {
            try {
              c.close();
            } catch (Exception e) {
              // The node is gone; nothing to release on our side beyond the object.
            }
          });
    }
  }
}
