package dev.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes results.json from results.txt (bench/README.md "results.json"): the machine, the command,
 * commit and date, and every figure grouped by scenario, numbers as JSON numbers (milliseconds
 * included), "n/a" as null. Run by run.sh: {@code ResultsJson results.txt results.json}.
 */
final class ResultsJson {
  static final String FORMAT = "orchestrator-bench/1";
  static final Set<String> SCENARIOS = Set.of("burst", "steady", "hold", "query");

  /** run.* keys that have a place of their own in the JSON; the other run.* are "settings". */
  private static final Set<String> PROMOTED =
      Set.of(
          "run.date",
          "run.command",
          "run.git_commit",
          "run.git_uncommitted_files",
          "run.host_cpus",
          "run.host_memory_mb",
          "run.host_cpu_model",
          "run.host_os",
          "run.java",
          "run.postgresql_version",
          "run.warning");

  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResultsJson() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ResultsJson results.txt results.json");
      System.exit(2);
    }
    ObjectNode root = convert(Files.readAllLines(Path.of(args[0])));
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), root);
  }

  static ObjectNode convert(List<String> lines) {
    Map<String, String> kv = new LinkedHashMap<>();
    ArrayNode failures = NODES.arrayNode();
    ArrayNode warnings = NODES.arrayNode();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (key.equals("bench.failure")) {
        failures.add(value);
      } else if (key.equals("run.warning") || key.endsWith("_warning")) {
        warnings.add(value);
        kv.put(key, value);
      } else {
        kv.put(key, value);
      }
    }
    ObjectNode root = NODES.objectNode();
    root.put("format", FORMAT);
    root.set("date", value(kv.get("run.date")));
    root.set("command", text(kv.get("run.command")));
    root.set("commit", text(kv.get("run.git_commit")));
    root.set("uncommitted_files", value(kv.get("run.git_uncommitted_files")));
    ObjectNode machine = root.putObject("machine");
    machine.set("cores", value(kv.get("run.host_cpus")));
    machine.set("memory_mb", value(kv.get("run.host_memory_mb")));
    machine.set("cpu_model", text(kv.get("run.host_cpu_model")));
    machine.set("os", text(kv.get("run.host_os")));
    machine.set("java", text(kv.get("run.java")));
    machine.set("postgresql", text(kv.get("run.postgresql_version")));
    String db = kv.getOrDefault("run.db", "");
    root.put("database", db.startsWith("postgresql") ? "postgresql" : db.isEmpty() ? null : db);
    root.put("verdict", kv.getOrDefault("bench.verdict", "FAIL"));
    root.set("failures", failures);
    root.set("warnings", warnings);
    ObjectNode scenarios = root.putObject("scenarios");
    Map<String, Double> numbers = new LinkedHashMap<>();
    for (var e : kv.entrySet()) {
      int dot = e.getKey().indexOf('.');
      if (dot <= 0 || PROMOTED.contains(e.getKey())) {
        continue;
      }
      String group = e.getKey().substring(0, dot);
      String name = e.getKey().substring(dot + 1);
      ObjectNode into =
          SCENARIOS.contains(group)
              ? with(scenarios, group)
              : with(root, group.equals("run") ? "settings" : group);
      JsonNode v = value(e.getValue());
      into.set(name, v);
      if (v.isNumber()) {
        numbers.put(e.getKey(), v.asDouble());
      }
    }
    ArrayNode targets = root.putArray("targets");
    for (Targets.Target t : Targets.ALL) {
      if (!t.applies().test(numbers)) {
        continue;
      }
      double v = t.value().apply(numbers);
      ObjectNode row = targetRow(targets, t);
      row.put("value", v);
      row.put("met", t.met(v));
      row.put("issue_size", t.issueSize().test(numbers));
    }
    return root;
  }

  private static ObjectNode with(ObjectNode parent, String name) {
    JsonNode n = parent.get(name);
    return n instanceof ObjectNode o ? o : parent.putObject(name);
  }

  private static JsonNode text(String s) {
    return s == null || s.isEmpty() || s.equals("n/a") ? NODES.nullNode() : NODES.textNode(s);
  }

  /** A figure as JSON: numbers as numbers, true/false as booleans, "n/a" as null. */
  static JsonNode value(String s) {
    if (s == null || s.equals("n/a")) {
      return NODES.nullNode();
    }
    if (INTEGER.matcher(s).matches()) {
      return NODES.numberNode(Long.parseLong(s));
    }
    if (DECIMAL.matcher(s).matches()) {
      return NODES.numberNode(Double.parseDouble(s));
    }
    if (s.equals("true") || s.equals("false")) {
      return NODES.booleanNode(Boolean.parseBoolean(s));
    }
    return NODES.textNode(s);
  }

  /** A target's own fields as a new row of {@code targets}; callers add what they measured. */
  static ObjectNode targetRow(ArrayNode targets, Targets.Target t) {
    ObjectNode row = targets.addObject();
    row.put("scenario", t.scenario());
    row.put("figure", t.figure());
    row.put("key", t.key());
    row.put("target", t.bound(true));
    row.put("bound", t.bound());
    row.put("at_least", t.atLeast());
    return row;
  }
}
