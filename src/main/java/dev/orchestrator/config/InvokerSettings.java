package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Limits of the outbound HTTP client that executes calls.
 *
 * @param maxConnectionsPerHost attempts (each on a connection of its own) in flight per target
 *     host; more wait in the node's queue
 * @param maxResponseBytes how much of a response body is read and kept; the rest is discarded and
 *     the connection may be closed
 * @param bodySnippetChars how many characters of that are kept as the response snippet
 * @param connectingTimeout how long establishing a TCP connection may take
 * @param maxInFlight attempts sent and unfinished across all hosts; more wait in a queue
 */
public record InvokerSettings(
    int maxConnectionsPerHost,
    int maxResponseBytes,
    int bodySnippetChars,
    Duration connectingTimeout,
    int maxInFlight) {

  private static final String PREFIX = "orchestrator.execution.";

  public InvokerSettings {
    if (maxConnectionsPerHost < 1) {
      throw new IllegalArgumentException("max-connections-per-host must be >= 1");
    }
    if (maxResponseBytes < 0) {
      throw new IllegalArgumentException("max-response-bytes must be >= 0");
    }
    if (bodySnippetChars < 0) {
      throw new IllegalArgumentException("body-snippet-chars must be >= 0");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max-in-flight must be >= 1");
    }
    if (connectingTimeout == null || connectingTimeout.isNegative() || connectingTimeout.isZero()) {
      throw new IllegalArgumentException("connecting-timeout must be positive");
    }
  }

  /** Settings with the default global in-flight limit. */
  public InvokerSettings(
      int maxConnectionsPerHost,
      int maxResponseBytes,
      int bodySnippetChars,
      Duration connectingTimeout) {
    this(maxConnectionsPerHost, maxResponseBytes, bodySnippetChars, connectingTimeout, 1024);
  }

  public static InvokerSettings defaults() {
    return new InvokerSettings(32, 64 * 1024, 2048, Duration.ofSeconds(5), 1024);
  }

  /** Reads {@code orchestrator.execution.*}; missing keys keep their defaults. */
  public static InvokerSettings fromConfig(Config c) {
    InvokerSettings d = defaults();
    long maxBytes =
        c.hasPath(PREFIX + "max-response-bytes")
            ? c.getBytes(PREFIX + "max-response-bytes")
            : d.maxResponseBytes();
    if (maxBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("max-response-bytes must fit in an int");
    }
    return new InvokerSettings(
        intOr(c, "max-connections-per-host", d.maxConnectionsPerHost()),
        (int) maxBytes,
        intOr(c, "body-snippet-chars", d.bodySnippetChars()),
        c.hasPath(PREFIX + "connecting-timeout")
            ? c.getDuration(PREFIX + "connecting-timeout")
            : d.connectingTimeout(),
        intOr(c, "max-in-flight", d.maxInFlight()));
  }

  private static int intOr(Config c, String key, int fallback) {
    return c.hasPath(PREFIX + key) ? c.getInt(PREFIX + key) : fallback;
  }
}
