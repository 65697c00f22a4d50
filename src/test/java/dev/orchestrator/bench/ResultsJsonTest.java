package dev.orchestrator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** results.txt → results.json, and several of them → the summary with the targets. */
class ResultsJsonTest {
  private static List<String> run(double throughput, String verdict) {
    List<String> lines = new ArrayList<>();
    lines.add("run.date=2026-12-01T10:00:00Z");
    lines.add("run.command=bench/run.sh --scenario burst");
    lines.add("run.git_commit=abc1234");
    lines.add("run.host_cpus=2");
    lines.add("run.host_memory_mb=24105");
    lines.add("run.postgresql_version=15.20");
    lines.add("run.db=postgresql (15.20)");
    lines.add("run.node_heap=-Xmx1g");
    lines.add("burst.calls=10000");
    lines.add("burst.clients=32");
    lines.add("burst.submit_throughput_per_s=" + throughput);
    lines.add("burst.executed_per_s=n/a");
    lines.add("burst.api_status_counts={SUCCEEDED=10000}");
    lines.add("steady.target_rate_per_s=200");
    lines.add("steady.duration_s=5");
    lines.add("steady.due_delay_ms=5000");
    lines.add("steady.lateness_p99_ms=12.5");
    lines.add("steady.generator_kept_up=true");
    lines.add("cpu.node_s=12.0");
    lines.add("bench.verdict=" + verdict);
    if (verdict.equals("FAIL")) {
      lines.add("bench.failure=burst: 3 calls were delivered more than once");
    }
    return lines;
  }

  @Test
  void convert_figures_typedAndGroupedByScenario() {
    JsonNode j = ResultsJson.convert(run(5200.5, "FAIL"));

    assertEquals("orchestrator-bench/1", j.path("format").asText());
    assertEquals("bench/run.sh --scenario burst", j.path("command").asText());
    assertEquals(2, j.path("machine").path("cores").asInt());
    assertEquals("15.20", j.path("machine").path("postgresql").asText());
    assertEquals("postgresql", j.path("database").asText());
    JsonNode burst = j.path("scenarios").path("burst");
    assertTrue(burst.path("calls").isIntegralNumber());
    assertTrue(burst.path("submit_throughput_per_s").isDouble());
    assertTrue(burst.path("executed_per_s").isNull(), "n/a is null");
    assertTrue(j.path("scenarios").path("steady").path("generator_kept_up").isBoolean());
    assertEquals("-Xmx1g", j.path("settings").path("node_heap").asText());
    assertEquals(12.0, j.path("cpu").path("node_s").asDouble());
    assertEquals("FAIL", j.path("verdict").asText());
    assertEquals(1, j.path("failures").size());
  }

  @Test
  void convert_targets_onlyThoseMeasuredWithVerdictAndSize() {
    JsonNode targets = ResultsJson.convert(run(5200.5, "PASS")).path("targets");

    // burst throughput (executed_per_s is n/a), steady 200/s lateness; nothing of hold or query.
    assertEquals(2, targets.size(), targets.toString());
    assertEquals("burst.submit_throughput_per_s", targets.get(0).path("key").asText());
    assertTrue(targets.get(0).path("met").asBoolean());
    assertTrue(targets.get(0).path("issue_size").asBoolean());
    assertEquals("steady.lateness_p99_ms", targets.get(1).path("key").asText());
    assertTrue(targets.get(1).path("met").asBoolean());
    assertFalse(targets.get(1).path("issue_size").asBoolean(), "5 s, not the issue's 30 s");
  }

  @Test
  void summarize_threeRuns_medianSpreadAndTargets() {
    List<JsonNode> runs =
        List.of(
            ResultsJson.convert(run(4000, "PASS")),
            ResultsJson.convert(run(6000, "PASS")),
            ResultsJson.convert(run(5500, "PASS")));

    JsonNode s = Summary.summarize(runs, List.of("run-1", "run-2", "run-3"));

    JsonNode tp = s.path("figures").path("burst.submit_throughput_per_s");
    assertEquals(5500, tp.path("median").asDouble());
    assertEquals(4000, tp.path("min").asDouble());
    assertEquals(6000, tp.path("max").asDouble());
    JsonNode target = s.path("targets").get(0);
    assertEquals(">= 5,000/s", target.path("target").asText());
    assertTrue(target.path("met").asBoolean());
    assertEquals(2, target.path("runs_met").asInt());
    String text = SummaryText.render(s);
    assertTrue(text.contains("== targets (issue #6): median of 3 runs"), text);
    assertTrue(text.contains("4000–6000"), text);
  }

  @Test
  void summarize_evenNumberOfRuns_medianIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Summary.Stat.of(List.of(4.0, 1.0, 3.0, 2.0)).median());
  }
}
