package dev.orchestrator.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The results block: one {@code key=value} per line in insertion order, plus the list of reasons
 * the run failed (lost, duplicated or unfinished calls). Also the shared clock: every timestamp in
 * the benchmark is a {@link System#nanoTime} value, turned into wall-clock time through one anchor
 * so that durations and "arrival minus dueAt" use the same time base.
 */
final class Results {
  private static final long NANO0 = System.nanoTime();
  private static final Instant WALL0 = Instant.now();

  /** Histograms hold microseconds, up to an hour. */
  private static final long MAX_MICROS = Duration.ofHours(1).toNanos() / 1000;

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();

  static Instant wall(long nanos) {
    return WALL0.plusNanos(nanos - NANO0);
  }

  static long nanosOf(Instant wall) {
    return NANO0 + Duration.between(WALL0, wall).toNanos();
  }

  static Histogram histogram() {
    return new Histogram(MAX_MICROS, 3);
  }

  /** Records a duration in nanoseconds (negative values as 0) into a microsecond histogram. */
  static void record(Histogram h, long nanos) {
    h.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
  }

  static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  static String rate(double count, long nanos) {
    return nanos <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", count * 1e9 / nanos);
  }

  synchronized void put(String key, Object value) {
    values.put(key, String.valueOf(value));
  }

  void putMs(String key, long nanos) {
    put(key, ms(nanos));
  }

  /** {@code <prefix>_p50_ms} etc. for each percentile, then {@code _max_ms}; "n/a" when empty. */
  void putPercentiles(String prefix, Histogram h, double... percentiles) {
    for (double p : percentiles) {
      String name =
          p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p).replace('.', '_');
      put(
          prefix + "_p" + name + "_ms",
          h.getTotalCount() == 0 ? "n/a" : ms(h.getValueAtPercentile(p) * 1000.0));
    }
    put(prefix + "_max_ms", h.getTotalCount() == 0 ? "n/a" : ms(h.getMaxValue() * 1000.0));
  }

  /** Marks the run failed (exit code 1) and records why; also printed as a metric line. */
  synchronized void fail(String why) {
    failures.add(why);
  }

  synchronized boolean failed() {
    return !failures.isEmpty();
  }

  synchronized void print(PrintStream out) {
    values.forEach((k, v) -> out.println(k + "=" + v));
    out.println("bench.verdict=" + (failures.isEmpty() ? "PASS" : "FAIL"));
    for (String f : failures) {
      out.println("bench.failure=" + f);
    }
    out.flush();
  }
}
