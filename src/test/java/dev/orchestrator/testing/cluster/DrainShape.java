package dev.orchestrator.testing.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The shape of a backlog drain as the sink saw it: first and last arrival, mean rate, the busiest
 * sliding one-second window and the busiest 100 ms bucket. A bounded, jittered drain (K10) has a
 * mean near the configured rate, no one-second window far above it, and no 100 ms bucket holding a
 * large share of a second's wakes; a stampede puts most of them in one bucket.
 */
public record DrainShape(
    int count, Instant first, Instant last, double meanPerSecond, int maxPerSecond, int max100ms) {

  /** Of these arrival times (any order); all zero for none. */
  public static DrainShape of(Collection<Instant> arrivals) {
    List<Instant> sorted = new ArrayList<>(arrivals);
    sorted.sort(null);
    if (sorted.isEmpty()) {
      return new DrainShape(0, null, null, 0, 0, 0);
    }
    Instant first = sorted.get(0);
    Instant last = sorted.get(sorted.size() - 1);
    long spanMillis = Math.max(1, Duration.between(first, last).toMillis());
    // Mean over the span, counting the first second as a whole one so a tiny backlog is not
    // reported as an enormous rate.
    double mean = sorted.size() * 1000.0 / Math.max(1000, spanMillis);
    int maxWindow = 0;
    int j = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Instant end = sorted.get(i).plusSeconds(1);
      while (j < sorted.size() && sorted.get(j).isBefore(end)) {
        j++;
      }
      maxWindow = Math.max(maxWindow, j - i);
    }
    int[] buckets = new int[(int) (spanMillis / 100) + 1];
    int maxBucket = 0;
    for (Instant t : sorted) {
      int b = (int) (Duration.between(first, t).toMillis() / 100);
      maxBucket = Math.max(maxBucket, ++buckets[b]);
    }
    return new DrainShape(sorted.size(), first, last, mean, maxWindow, maxBucket);
  }

  /** First to last arrival. */
  public Duration span() {
    return first == null ? Duration.ZERO : Duration.between(first, last);
  }

  @Override
  public String toString() {
    return String.format(
        "count=%d span=%dms mean=%.1f/s maxIn1s=%d maxIn100ms=%d",
        count, span().toMillis(), meanPerSecond, maxPerSecond, max100ms);
  }
}
