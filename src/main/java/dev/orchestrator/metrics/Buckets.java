package dev.orchestrator.metrics;

import java.time.Duration;

/**
 * Histogram buckets (Prometheus {@code le} values) per kind of duration. Fixed, few buckets rather
 * than Micrometer's percentile histogram (about 70 buckets per series): enough to read p50/p99 and
 * to alert on, at a fraction of the scrape size.
 */
final class Buckets {
  private Buckets() {}

  /** An HTTP exchange with a target: milliseconds to the longest call timeout. */
  static final Duration[] ATTEMPT =
      ms(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000);

  /** How late an attempt starts: a timer's jitter up to minutes behind under backlog. */
  static final Duration[] LATENESS =
      ms(10, 50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000);

  /** A journal write: a local database commit, slow only when the database is. */
  static final Duration[] JOURNAL = ms(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 5_000);

  /** An API request (entity round trip or read-model query). */
  static final Duration[] HTTP = ms(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 10_000);

  /** From a journal write to its row in the read model. */
  static final Duration[] PROJECTION =
      ms(10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000);

  private static Duration[] ms(long... values) {
    Duration[] d = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = Duration.ofMillis(values[i]);
    }
    return d;
  }
}
