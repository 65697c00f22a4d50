package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The public API listener.
 *
 * @param askTimeout how long a request waits for a call's entity before answering 503
 * @param maxBodyBytes largest accepted request body
 */
public record HttpSettings(String host, int port, Duration askTimeout, long maxBodyBytes) {
  public static HttpSettings fromConfig(Config config) {
    Config c = config.getConfig("orchestrator.http");
    return new HttpSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getDuration("ask-timeout"),
        c.getBytes("max-body-bytes"));
  }
}
