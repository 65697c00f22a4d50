package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How the API reports and waits on the read model's freshness ({@code orchestrator.read-model}).
 *
 * @param freshnessMaxAge how old a progress measurement may be when a response reports it (default
 *     100 ms); bounds the measuring queries to about ten a second per node
 * @param consistencyMaxWait the longest a read with {@code consistentWith} waits for the read model
 *     to pass the token (default 5 s); then 503 read-model-behind
 * @param consistencyPollInterval how often a waiting read measures again (default 50 ms)
 */
public record ReadModelSettings(
    Duration freshnessMaxAge, Duration consistencyMaxWait, Duration consistencyPollInterval) {
  public static ReadModelSettings fromConfig(Config config) {
    Config c = config.getConfig("orchestrator.read-model");
    return new ReadModelSettings(
        c.getDuration("freshness-max-age"),
        c.getDuration("consistency.max-wait"),
        c.getDuration("consistency.poll-interval"));
  }
}
