package dev.orchestrator.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Due scanner settings.
 *
 * @param interval time between scans
 * @param lookahead calls due within this window are woken early, so their own timer fires on time
 * @param batchSize rows read per scan and status
 * @param rewakeAfter a woken call is not woken again before this
 * @param maxWakesPerSecond bounds the rate at which a backlog of due calls is woken
 * @param wakePatience a wake unanswered for longer means sharding is not delivering: probe only
 */
public record ScannerSettings(
    Duration interval,
    Duration lookahead,
    int batchSize,
    Duration rewakeAfter,
    int maxWakesPerSecond,
    Duration wakePatience) {

  public ScannerSettings {
    if (maxWakesPerSecond < 1) {
      throw new IllegalArgumentException("orchestrator.scanner.max-wakes-per-second must be >= 1");
    }
  }

  /** Wakes one scan may send: the per-second bound over one interval, at least one. */
  public int maxWakesPerScan() {
    return (int)
        Math.max(1, Math.min(Integer.MAX_VALUE, maxWakesPerSecond * interval.toMillis() / 1000));
  }

  /**
   * Wakes that may be unanswered at once: 0.4 s of wakes at the configured rate (at least one). A
   * region buffer released after a stall then holds no more than that.
   */
  public int maxUnansweredWakes() {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxWakesPerSecond * 2 / 5));
  }

  public static ScannerSettings fromConfig(Config config) {
    Config c = config.getConfig("orchestrator.scanner");
    return new ScannerSettings(
        c.getDuration("interval"),
        c.getDuration("lookahead"),
        c.getInt("batch-size"),
        c.getDuration("rewake-after"),
        c.getInt("max-wakes-per-second"),
        c.getDuration("wake-patience"));
  }
}
