package dev.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summarizes one or more runs (results.json of each, bench/README.md "Repeats"): for every numeric
 * figure the median and the spread (min–max) across runs, and the issue's targets next to their
 * medians, met or missed. Writes summary.json and summary.txt into the given directory. Run by
 * run.sh: {@code Summary DIR run-1/results.json run-2/results.json ...}.
 */
final class Summary {
  static final String FORMAT = "orchestrator-bench-summary/1";

  /** Median and spread of one figure over the runs that have it. */
  record Stat(double median, double min, double max, List<Double> values) {
    static Stat of(List<Double> values) {
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      double median =
          n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      return new Stat(median, sorted.get(0), sorted.get(n - 1), values);
    }
  }

  private Summary() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Summary DIR results.json ...");
      System.exit(2);
    }
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> runs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      runs.add(mapper.readTree(Path.of(args[i]).toFile()));
      names.add(
          Path.of(args[0])
              .toAbsolutePath()
              .relativize(Path.of(args[i]).toAbsolutePath())
              .toString());
    }
    ObjectNode summary = summarize(runs, names);
    Path dir = Path.of(args[0]);
    mapper
        .writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("summary.json").toFile(), summary);
    Files.writeString(dir.resolve("summary.txt"), SummaryText.render(summary));
  }

  /**
   * Every numeric figure of a run, keyed as in results.txt (e.g. burst.submit_throughput_per_s).
   */
  static Map<String, Double> figures(JsonNode run) {
    Map<String, Double> out = new LinkedHashMap<>();
    run.path("scenarios").properties().forEach(s -> numbers(s.getKey(), s.getValue(), out));
    for (String group : List.of("warmup", "sink", "node", "db", "cpu", "bench")) {
      numbers(group, run.path(group), out);
    }
    return out;
  }

  private static void numbers(String prefix, JsonNode group, Map<String, Double> out) {
    group
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isNumber()) {
                out.put(prefix + "." + e.getKey(), e.getValue().asDouble());
              }
            });
  }

  static ObjectNode summarize(List<JsonNode> runs, List<String> names) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("format", FORMAT);
    root.put("runs", runs.size());
    ArrayNode list = root.putArray("results");
    names.forEach(list::add);
    JsonNode first = runs.get(0);
    root.set("command", first.path("command"));
    root.set("machine", first.path("machine"));
    root.set("database", first.path("database"));
    ArrayNode commits = root.putArray("commits");
    ArrayNode verdicts = root.putArray("verdicts");
    List<Map<String, Double>> figures = new ArrayList<>();
    for (JsonNode run : runs) {
      commits.add(run.path("commit").asText(""));
      verdicts.add(run.path("verdict").asText("FAIL"));
      figures.add(figures(run));
    }
    Map<String, List<Double>> byKey = new TreeMap<>();
    for (Map<String, Double> f : figures) {
      f.forEach((k, v) -> byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    ObjectNode all = root.putObject("figures");
    byKey.forEach((k, values) -> put(all.putObject(k), Stat.of(values)));
    ArrayNode targets = root.putArray("targets");
    for (Targets.Target t : Targets.ALL) {
      List<Double> values = new ArrayList<>();
      int met = 0;
      boolean issueSize = true;
      for (Map<String, Double> f : figures) {
        if (t.applies().test(f)) {
          double v = t.value().apply(f);
          values.add(v);
          met += t.met(v) ? 1 : 0;
          issueSize &= t.issueSize().test(f);
        }
      }
      if (values.isEmpty()) {
        continue;
      }
      Stat s = Stat.of(values);
      ObjectNode row = ResultsJson.targetRow(targets, t);
      put(row, s);
      row.put("met", t.met(s.median()));
      row.put("runs_met", met);
      row.put("runs", values.size());
      row.put("issue_size", issueSize);
      row.put("issue_size_is", t.size());
    }
    return root;
  }

  private static void put(ObjectNode o, Stat s) {
    o.put("median", s.median());
    o.put("min", s.min());
    o.put("max", s.max());
    ArrayNode values = o.putArray("values");
    s.values().forEach(values::add);
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
  }
}
