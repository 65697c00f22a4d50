package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Due scanner settings.
 *
 * @param interval time between scans
 * @param lookahead calls due within this window are woken early, so their own timer fires on time
 * @param batchSize rows per scan and status; bounds the rate at which an overdue backlog drains
 * @param rewakeAfter a woken call is not woken again before this
 */
public record ScannerSettings(
    Duration interval, Duration lookahead, int batchSize, Duration rewakeAfter) {
  public static ScannerSettings fromConfig(Config config) {
    Config c = config.getConfig("orchestrator.scanner");
    return new ScannerSettings(
        c.getDuration("interval"),
        c.getDuration("lookahead"),
        c.getInt("batch-size"),
        c.getDuration("rewake-after"));
  }
}
