package dev.orchestrator.testing.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Measurements the fault suites report besides the oracle's counts (time to recover, drain rate,
 * in-flight attempts at fault time), and where they are written: stdout (failsafe keeps it in
 * target/failsafe-reports/*-output.txt) and {@code target/fault-reports.txt}, one block per test.
 */
public final class Figures {
  private final String test;
  private final Map<String, Object> values = new LinkedHashMap<>();

  public Figures(String test) {
    this.test = test;
  }

  public Figures put(String name, Object value) {
    values.put(name, value instanceof Duration d ? d.toMillis() + "ms" : value);
    return this;
  }

  /** Prints the figures and the oracle's report, and appends both to target/fault-reports.txt. */
  public void print(Oracle.Report report) {
    StringBuilder b = new StringBuilder();
    b.append("=== ").append(test).append(" @ ").append(Instant.now()).append('\n');
    values.forEach((k, v) -> b.append(' ').append(k).append('=').append(v).append('\n'));
    if (report != null) {
      b.append(' ').append(report.summary()).append('\n');
    }
    System.out.print(b);
    try {
      Files.writeString(
          Path.of("target", "fault-reports.txt"),
          b,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.println("could not append to target/fault-reports.txt: " + e);
    }
  }

  // ---- helpers over sink hits

  /**
   * The shard of a call, as Pekko's default HashCodeMessageExtractor computes it from the entity id
   * ({@code tenant:callId}); the cluster uses that extractor with {@code number-of-shards}.
   */
  public static int shardOf(String tenant, String callId, int numberOfShards) {
    return Math.abs((tenant + ":" + callId).hashCode() % numberOfShards);
  }

  /** Attempts from {@code node} that had arrived and were not yet answered at {@code at}. */
  public static List<RecordingSink.Hit> inFlightAt(
      List<RecordingSink.Hit> hits, String node, Instant at) {
    return hits.stream()
        .filter(h -> node.equals(h.node()))
        .filter(h -> !h.arrivedAt().isAfter(at))
        .filter(h -> h.answeredAt() == null || h.answeredAt().isAfter(at))
        .toList();
  }

  /** Shards of the calls {@code node} executed before {@code before}. */
  public static Set<Integer> shardsExecutedBy(
      List<RecordingSink.Hit> hits, String node, Instant before, String tenant, int shards) {
    return hits.stream()
        .filter(h -> node.equals(h.node()) && h.arrivedAt().isBefore(before))
        .map(h -> shardOf(tenant, h.callId(), shards))
        .collect(Collectors.toSet());
  }

  /** 2xx answers per second in {@code [from, from + window)}. */
  public static double okRate(List<RecordingSink.Hit> hits, Instant from, Duration window) {
    Instant to = from.plus(window);
    long n =
        hits.stream()
            .filter(h -> h.ok() && !h.arrivedAt().isBefore(from) && h.arrivedAt().isBefore(to))
            .count();
    return n * 1000.0 / window.toMillis();
  }

  /**
   * When the first line containing all of {@code fragments} was logged, from the test logback
   * pattern's {@code HH:mm:ss.SSS} prefix (UTC, today); empty if no such line. Used for moments
   * only a node knows, such as the SBR's downing decision.
   */
  public static Optional<Instant> firstLogged(List<Path> logs, String... fragments)
      throws IOException {
    Instant first = null;
    for (Path p : logs) {
      if (!Files.exists(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        if (line.length() < 12 || !java.util.Arrays.stream(fragments).allMatch(line::contains)) {
          continue;
        }
        try {
          Instant at =
              java.time.LocalTime.parse(line.substring(0, 12))
                  .atDate(java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                  .toInstant(java.time.ZoneOffset.UTC);
          first = first == null || at.isBefore(first) ? at : first;
        } catch (java.time.DateTimeException e) {
          // Not a timestamped line (a stack trace); keep looking.
        }
        break;
      }
    }
    return Optional.ofNullable(first);
  }

  /** The p-th percentile (0..100) of submit latencies, in ms; -1 when there are none. */
  public static long percentileMillis(Collection<SubmitLog.Entry> entries, double p) {
    List<Long> ms =
        entries.stream()
            .map(e -> Duration.between(e.sentAt(), e.answeredAt()).toMillis())
            .sorted()
            .toList();
    if (ms.isEmpty()) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100.0 * ms.size()) - 1;
    return ms.get(Math.max(0, Math.min(ms.size() - 1, i)));
  }
}
