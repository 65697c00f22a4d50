package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;

/**
 * The RabbitMQ outlet of the event stream.
 *
 * @param uri amqp[s]://user:password@host:port/vhost; holds a secret, never logged as a whole
 * @param exchange durable topic exchange the events are published to
 * @param batchSize events published per round (one confirm wait per round)
 */
public record RabbitOutletSettings(
    boolean enabled,
    String uri,
    String exchange,
    int batchSize,
    Duration pollInterval,
    Duration confirmTimeout,
    Duration minBackoff,
    Duration maxBackoff) {

  public static RabbitOutletSettings fromConfig(Config config) {
    Config c = config.getConfig("orchestrator.outlets.rabbitmq");
    return new RabbitOutletSettings(
        c.getBoolean("enabled"),
        c.getString("uri"),
        c.getString("exchange"),
        c.getInt("batch-size"),
        c.getDuration("poll-interval"),
        c.getDuration("confirm-timeout"),
        c.getDuration("min-backoff"),
        c.getDuration("max-backoff"));
  }

  /** How the outlet walks the stream and backs off while the broker is away. */
  public OutletPacing pacing() {
    return new OutletPacing(batchSize, pollInterval, minBackoff, maxBackoff);
  }

  /** The broker's address without credentials, for logs. */
  public String safeAddress() {
    try {
      URI u = URI.create(uri);
      return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
    } catch (IllegalArgumentException e) {
      return "(unparseable RabbitMQ URI)";
    }
  }
}
