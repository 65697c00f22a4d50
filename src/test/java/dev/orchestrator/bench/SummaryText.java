package dev.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * summary.txt: the targets table first (run.sh prints it), then every figure's median and spread.
 */
final class SummaryText {
  private SummaryText() {}

  static String render(JsonNode s) {
    int runs = s.path("runs").asInt();
    StringBuilder b = new StringBuilder();
    b.append("Benchmark summary: ")
        .append(runs)
        .append(runs == 1 ? " run" : " runs")
        .append(" of ")
        .append(s.path("command").asText("?"))
        .append('\n');
    JsonNode m = s.path("machine");
    b.append(
        String.format(
            Locale.ROOT,
            "machine: %s cores, %s MB, %s, %s; %s; %s%n",
            m.path("cores").asText("?"),
            m.path("memory_mb").asText("?"),
            m.path("cpu_model").asText("?"),
            m.path("os").asText("?"),
            m.path("java").asText("?"),
            m.path("postgresql").isTextual()
                ? "PostgreSQL " + m.path("postgresql").asText()
                : s.path("database").asText("?")));
    b.append("commits: ").append(distinct(s.path("commits")));
    b.append("   verdicts: ").append(join(s.path("verdicts"))).append("\n\n");

    b.append("== targets (issue #6): ")
        .append(runs == 1 ? "one run" : "median of " + runs + " runs, min–max")
        .append('\n');
    String row = "%-15s %-50s %-12s %10s %-19s %-7s %s%n";
    b.append(
        String.format(
            Locale.ROOT,
            row,
            "scenario",
            "figure",
            "target",
            runs == 1 ? "value" : "median",
            runs == 1 ? "" : "min–max",
            "verdict",
            "runs met"));
    Set<String> smaller = new LinkedHashSet<>();
    for (JsonNode t : s.path("targets")) {
      boolean full = t.path("issue_size").asBoolean();
      if (!full) {
        smaller.add(t.path("scenario").asText() + ": " + t.path("issue_size_is").asText());
      }
      b.append(
          String.format(
              Locale.ROOT,
              row,
              t.path("scenario").asText(),
              t.path("figure").asText(),
              t.path("target").asText(),
              Summary.num(t.path("median").asDouble()) + (full ? "" : "*"),
              runs == 1 ? "" : spread(t),
              t.path("met").asBoolean() ? "met" : "MISSED",
              t.path("runs_met").asInt() + "/" + t.path("runs").asInt()));
    }
    if (s.path("targets").isEmpty()) {
      b.append("(no figure of this run has a target)\n");
    }
    if (!smaller.isEmpty()) {
      b.append("* measured smaller than the issue's size (")
          .append(String.join("; ", smaller))
          .append("): not comparable with the target\n");
    }
    b.append('\n');

    b.append("== all figures: ")
        .append(runs == 1 ? "one run" : "median [min–max] of " + runs + " runs")
        .append('\n');
    s.path("figures")
        .properties()
        .forEach(
            e -> {
              JsonNode f = e.getValue();
              b.append(
                  String.format(
                      Locale.ROOT,
                      "%-55s %12s",
                      e.getKey(),
                      Summary.num(f.path("median").asDouble())));
              if (f.path("min").asDouble() != f.path("max").asDouble()) {
                b.append("  [").append(spread(f)).append(']');
              }
              b.append('\n');
            });
    return b.toString();
  }

  private static String spread(JsonNode f) {
    return Summary.num(f.path("min").asDouble()) + "–" + Summary.num(f.path("max").asDouble());
  }

  private static String distinct(JsonNode values) {
    Set<String> out = new LinkedHashSet<>();
    values.forEach(v -> out.add(v.asText()));
    return String.join(", ", out);
  }

  private static String join(JsonNode values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.asText()));
    return String.join(", ", out);
  }
}
