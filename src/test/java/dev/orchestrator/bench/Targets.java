package dev.orchestrator.bench;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The targets of issue #6 (PostgreSQL, the reference machine kind), each tied to the figure of a
 * run that measures it. A target applies to a run that measured its scenario (and, for steady, at
 * its rate); it was measured at the issue's size only when {@code issueSize} holds (a tiny CI run
 * still shows the figure, flagged).
 */
final class Targets {
  /**
   * One target: {@code figure} must be at least (or at most) {@code bound}. {@code value} reads it
   * from a run's numeric figures (keys as in results.txt); null when the run lacks it.
   */
  record Target(
      String scenario,
      String figure,
      String key,
      boolean atLeast,
      double bound,
      String unit,
      Predicate<Map<String, Double>> applies,
      Predicate<Map<String, Double>> issueSize,
      String size,
      Function<Map<String, Double>, Double> value) {

    String bound(boolean ascii) {
      String op = atLeast ? (ascii ? ">=" : "≥") : (ascii ? "<=" : "≤");
      return op + " " + fmt(bound) + (unit.isEmpty() || unit.startsWith("/") ? unit : " " + unit);
    }

    boolean met(double v) {
      return atLeast ? v >= bound : v <= bound;
    }
  }

  private static final Pattern GET_P99 = Pattern.compile("query\\.get_[a-z_]+_p99_ms");
  private static final Pattern LIST_P99 = Pattern.compile("query\\.(list|deep)_[a-z0-9_]+_p99_ms");

  static final List<Target> ALL =
      List.of(
          at(
              "burst",
              "submits accepted/s through the API",
              "burst.submit_throughput_per_s",
              true,
              5_000,
              "/s",
              burst()),
          at(
              "burst",
              "executed calls/s (first submit → all received)",
              "burst.executed_per_s",
              true,
              3_000,
              "/s",
              burst()),
          steady(200, "lateness p99", "steady.lateness_p99_ms", 25),
          steady(200, "submit latency p99", "steady.submit_latency_p99_ms", 20),
          steady(1_000, "lateness p99", "steady.lateness_p99_ms", 100),
          at(
              "hold",
              "heap after full GC, growth over the idle node",
              "hold.heap_growth_mb",
              false,
              64,
              "MB",
              hold()),
          at(
              "hold",
              "database bytes per held call",
              "hold.db_bytes_per_held_call",
              false,
              1_024,
              "B",
              hold()),
          at("hold", "restart to ready", "hold.restart_to_ready_ms", false, 15_000, "ms", hold()),
          at("hold", "held calls fired early", "hold.fired_early", false, 0, "", hold()),
          worst("GET one call p99", GET_P99, 5),
          worst("list/filter p99 (worst kind)", LIST_P99, 20));

  private Targets() {}

  private record Size(Predicate<Map<String, Double>> holds, String text) {}

  private static Size burst() {
    return new Size(
        f -> eq(f, "burst.calls", 10_000) && eq(f, "burst.clients", 32),
        "10,000 calls, 32 clients");
  }

  private static Size hold() {
    return new Size(f -> eq(f, "hold.calls", 1_000_000), "1,000,000 calls");
  }

  private static Target at(
      String scenario,
      String figure,
      String key,
      boolean atLeast,
      double bound,
      String unit,
      Size size) {
    return new Target(
        scenario,
        figure,
        key,
        atLeast,
        bound,
        unit,
        f -> f.containsKey(key),
        size.holds(),
        size.text(),
        f -> f.get(key));
  }

  private static Target steady(int rate, String figure, String key, double boundMs) {
    return new Target(
        "steady " + fmt(rate) + "/s",
        figure,
        key,
        false,
        boundMs,
        "ms",
        f -> eq(f, "steady.target_rate_per_s", rate) && f.containsKey(key),
        f -> eq(f, "steady.duration_s", 30) && eq(f, "steady.due_delay_ms", 5_000),
        "30 s, due 5 s after submit",
        f -> f.get(key));
  }

  /** The worst p99 of the query kinds whose keys match. */
  private static Target worst(String figure, Pattern keys, double boundMs) {
    Function<Map<String, Double>, Double> worst =
        f ->
            f.entrySet().stream()
                .filter(e -> keys.matcher(e.getKey()).matches() && e.getValue() != null)
                .map(Map.Entry::getValue)
                .max(Double::compare)
                .orElse(null);
    return new Target(
        "query",
        figure,
        keys.pattern().replace("\\", ""),
        false,
        boundMs,
        "ms",
        f -> worst.apply(f) != null,
        f -> eq(f, "query.rows_measured_tenant", 1_000_000),
        "1,000,000 rows",
        worst);
  }

  private static boolean eq(Map<String, Double> f, String key, double v) {
    Double d = f.get(key);
    return d != null && d == v;
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(java.util.Locale.ROOT, "%,d", (long) v);
    }
    return String.format(java.util.Locale.ROOT, "%,.1f", v);
  }
}
