package dev.orchestrator.e2e.faults;

import static dev.orchestrator.testing.cluster.TestCluster.API_KEY;
import static dev.orchestrator.testing.cluster.TestCluster.TENANT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.cluster.Figures;
import dev.orchestrator.testing.cluster.LoadDriver;
import dev.orchestrator.testing.cluster.Oracle;
import dev.orchestrator.testing.cluster.RecordingSink;
import dev.orchestrator.testing.cluster.SingleNode;
import dev.orchestrator.testing.cluster.SubmitLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY F0: kill -9 on the default store. One node on embedded H2 (no DATABASE_URL, DATA_DIR
 * a fresh directory, so the default file URL with WRITE_DELAY=0), open-model submits at 200/s,
 * SIGKILL mid-stream, restart on the same DATA_DIR. Every call is due after the restart, so no
 * attempt is in flight at the kill and the crash may cost nothing: lost = 0 (each acknowledged id
 * has its complete journal history), every call fires exactly once without a client poke, and
 * submits whose answer the kill swallowed are resolved by resending with the same idempotency key.
 *
 * <p>Properties: {@code orchestrator.test.f0.rate} (submits per second, default 200), {@code
 * orchestrator.test.f0.load} (submit stream, default PT20S), {@code
 * orchestrator.test.f0.kill-after} (default PT8S into it), {@code orchestrator.test.f0.due-after}
 * (each call due this long after its submit, default PT90S: must exceed kill-after plus restart).
 */
class DefaultStoreKillIT {
  static final double RATE =
      Double.parseDouble(System.getProperty("orchestrator.test.f0.rate", "200"));
  static final Duration LOAD = duration("orchestrator.test.f0.load", "PT20S");
  static final Duration KILL_AFTER = duration("orchestrator.test.f0.kill-after", "PT8S");
  static final Duration DUE_AFTER = duration("orchestrator.test.f0.due-after", "PT90S");
  // One attempt each (the sink answers 200 at once); 30 s attempt timeout so a starved node does
  // not retry a request the sink already answered, which is not the fault under test.
  static final String CALL_OPTIONS =
      ",\"retry\":{\"maxAttempts\":3,\"initialBackoff\":\"PT1S\",\"maxBackoff\":\"PT2S\"}"
          + ",\"timeout\":\"PT30S\"";
  static final Duration QUIESCENCE = Duration.ofSeconds(120);

  @Test
  void killDashNine_onEmbeddedH2_losesNothingAndFiresEachCallOnce() throws Exception {
    Path dataDir = Files.createTempDirectory("orchestrator-f0-");
    String run = "f0";
    var log = new SubmitLog(TENANT, run);
    try (var sink = new RecordingSink(Duration.ZERO);
        var node =
            SingleNode.h2(
                "DefaultStoreKillIT",
                dataDir,
                Map.of("OUTBOUND_ALLOW_HOSTS", sink.allowHosts()),
                List.of())) {
      Instant loadStart = Instant.now();
      Instant killAt;
      Instant readyAt;
      try (var load =
          new LoadDriver(
                  log, API_KEY, sink.url(TENANT, run), RATE, LOAD, DUE_AFTER, List.of(node.node()))
              .callOptions(CALL_OPTIONS)
              .start()) {
        // Mid-stream: at KILL_AFTER into the stream, once the node has acknowledged anything. On
        // the shared box the node acknowledges well under 200/s and the rest of the stream times
        // out (unknown, resolved by the oracle), so the kill is timed, not counted.
        Instant killPlanned = loadStart.plus(KILL_AFTER);
        Await.value(
            KILL_AFTER.plusSeconds(60),
            "the kill time, with acknowledged submits",
            () -> submitSummary(log),
            summary ->
                !Instant.now().isBefore(killPlanned) && !log.of(SubmitLog.Kind.OK).isEmpty());
        killAt = node.node().kill();
        node.restart();
        readyAt = Instant.now();
        // Whatever of the stream is left goes to the new incarnation.
        load.targets(List.of(node.node()));
        assertTrue(load.awaitDone(LOAD.plusSeconds(60)), "load to finish");
      }
      Instant firstDue =
          log.entries().stream()
              .map(SubmitLog.Entry::sentAt)
              .min(Comparator.naturalOrder())
              .orElseThrow()
              .plus(DUE_AFTER);
      long okBeforeKill =
          log.of(SubmitLog.Kind.OK).stream().filter(e -> e.answeredAt().isBefore(killAt)).count();
      long answerLostToKill =
          log.entries().stream()
              .filter(e -> e.sentAt().isBefore(killAt) && !e.answeredAt().isBefore(killAt))
              .filter(e -> e.kind() == SubmitLog.Kind.UNKNOWN)
              .count();

      Oracle oracle = node.oracle(log, sink);
      List<String> undelivered = oracle.awaitDeliveredUntouched(DUE_AFTER.plus(QUIESCENCE));
      Oracle.Report report = oracle.reconcile(QUIESCENCE);
      List<String> knownIds = new ArrayList<>();
      for (SubmitLog.Entry e : log.entries()) {
        if (e.kind() != SubmitLog.Kind.FAIL) {
          knownIds.add(e.callId());
        }
      }
      List<String> incomplete =
          CallHistories.incompleteSuccesses(node.node(), API_KEY, TENANT, knownIds);
      List<RecordingSink.Hit> hits = sink.hits(run);
      long hitsBeforeReady = hits.stream().filter(h -> h.arrivedAt().isBefore(readyAt)).count();

      sink.dump(run, Path.of("target", "fault-reports", run + "-sink.csv"));
      log.dump(Path.of("target", "fault-reports", run + "-submits.csv"));
      new Figures("F0 kill -9 on the default store (embedded H2)")
          .put("dataDir", dataDir)
          .put("loadStartToKill", Duration.between(loadStart, killAt))
          .put("okBeforeKill", okBeforeKill)
          .put("answersLostToKill", answerLostToKill)
          .put("inFlightAttemptsAtKill", 0)
          .put("killToReady", Duration.between(killAt, readyAt))
          .put("firstDueAfterReady", Duration.between(readyAt, firstDue))
          .put("historiesChecked", knownIds.size())
          .put("incompleteHistories", incomplete.size())
          .put("undeliveredWithoutClientTouch", undelivered.size())
          .print(report);

      assertAll(
          () ->
              assertTrue(
                  firstDue.isAfter(readyAt),
                  "setup: every call must be due after the restart (raise"
                      + " -Dorchestrator.test.f0.due-after); first due "
                      + firstDue
                      + ", ready "
                      + readyAt),
          () ->
              assertTrue(okBeforeKill > 0, "the kill came mid-stream, after acknowledged submits"),
          () -> assertEquals(0, hitsBeforeReady, "nothing fired before the restart"),
          () -> assertEquals(List.of(), report.lost(), "lost"),
          () -> assertEquals(List.of(), incomplete, "acknowledged calls with their full history"),
          () ->
              assertEquals(
                  List.of(), undelivered, "every acknowledged call fires without a client poke"),
          () -> assertEquals(List.of(), report.stuck(), "stuck"),
          () -> assertEquals(List.of(), report.duplicated(), "duplicated (none was in flight)"),
          () -> assertEquals(List.of(), report.unexpected(), "unexpected"),
          () -> assertEquals(List.of(), report.statusMismatch(), "status/sink agreement"),
          () -> assertEquals(0, report.hiddenAttempts(), "attempts beyond the recorded count"),
          () -> assertEquals(0, report.unseenAttempts(), "attempts recorded but never sent"),
          () -> assertEquals(Map.of(), report.journalErrors(), "journal errors in node logs"),
          () ->
              assertEquals(
                  0, report.unknownUnresolved(), "every unknown submit resolves on retry"));
    }
  }

  /** Counts by kind and the first refusal, so a setup failure says what the node answered. */
  static String submitSummary(SubmitLog log) {
    var entries = log.entries();
    return "ok="
        + log.of(SubmitLog.Kind.OK).size()
        + " fail="
        + log.of(SubmitLog.Kind.FAIL).size()
        + " unknown="
        + log.of(SubmitLog.Kind.UNKNOWN).size()
        + " first non-ok: "
        + entries.stream()
            .filter(e -> e.kind() != SubmitLog.Kind.OK)
            .findFirst()
            .map(e -> e.status() + " " + e.detail())
            .orElse("none");
  }

  static Duration duration(String property, String fallback) {
    return Duration.parse(System.getProperty(property, fallback));
  }
}
