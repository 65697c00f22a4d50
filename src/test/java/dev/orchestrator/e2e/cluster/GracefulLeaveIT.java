package dev.orchestrator.e2e.cluster;

import static dev.orchestrator.e2e.cluster.FaultSuite.CALL_OPTIONS;
import static dev.orchestrator.e2e.cluster.FaultSuite.QUIESCENCE;
import static dev.orchestrator.e2e.cluster.FaultSuite.RATE;
import static dev.orchestrator.e2e.cluster.FaultSuite.SINK_DELAY;
import static dev.orchestrator.testing.cluster.TestCluster.API_KEY;
import static dev.orchestrator.testing.cluster.TestCluster.TENANT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.cluster.ClusterNode;
import dev.orchestrator.testing.cluster.Figures;
import dev.orchestrator.testing.cluster.LoadDriver;
import dev.orchestrator.testing.cluster.Oracle;
import dev.orchestrator.testing.cluster.RecordingSink;
import dev.orchestrator.testing.cluster.SubmitLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY F4: graceful leave and rolling restart under load. Each node in turn gets SIGTERM
 * (coordinated shutdown: its shards hand off, it leaves and exits), then comes back on its cluster
 * port; the first leave is the "SIGTERM one node" case, the three together the rolling restart.
 * Graceful must be exact: nothing lost, nothing duplicated, and pending calls resume on their new
 * owner without any client touching them.
 */
class GracefulLeaveIT {
  /** pekko.cluster.sharding.handoff-timeout (reference default, not overridden). */
  static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(60);

  record Leave(
      String node,
      long inFlightAtSigterm,
      Duration exitAfter,
      Integer exitCode,
      Duration restartToAllUp) {}

  @Test
  void f4_sigtermThenRollingRestart_underLoad_isExact() throws Exception {
    String run = "f4";
    try (var sink = new RecordingSink(SINK_DELAY);
        var cluster = FaultSuite.startCluster("GracefulLeaveIT", sink)) {
      var log = new SubmitLog(TENANT, run);
      List<Leave> leaves = new ArrayList<>();
      List<Optional<Integer>> exits = new ArrayList<>();
      Instant firstSigterm = null;
      try (var load =
          new LoadDriver(
                  log,
                  API_KEY,
                  sink.url(TENANT, run),
                  RATE,
                  Duration.ofSeconds(600),
                  Duration.ofSeconds(2),
                  cluster.nodes())
              .callOptions(CALL_OPTIONS)
              .start()) {
        FaultSuite.awaitEveryNodeExecuted(cluster, sink, run, 20);
        // The oldest node (slot 0: coordinator, singletons) goes last.
        for (int slot : new int[] {1, 2, 0}) {
          ClusterNode leaving = cluster.node(slot);
          List<ClusterNode> others = cluster.live().stream().filter(n -> n != leaving).toList();
          // An operator drains the load balancer first; submits in flight to it may still fail.
          load.targets(others);
          long inFlight = sink.inFlightFrom(leaving.address());
          Instant sigterm = leaving.terminate();
          firstSigterm = firstSigterm == null ? sigterm : firstSigterm;
          Optional<Integer> exit = leaving.awaitExit(HANDOFF_TIMEOUT.plusSeconds(60));
          Instant exited = Instant.now();
          exits.add(exit);
          if (exit.isEmpty()) {
            break;
          }
          cluster.awaitMembers(others, Duration.ofSeconds(90));
          Instant restart = Instant.now();
          cluster.restart(slot);
          leaves.add(
              new Leave(
                  leaving.name(),
                  inFlight,
                  Duration.between(sigterm, exited),
                  exit.get(),
                  Duration.between(restart, Instant.now())));
          load.targets(cluster.live());
          FaultSuite.awaitEveryNodeExecuted(cluster, sink, run, 20);
        }
        load.stop();
        assertTrue(load.awaitDone(Duration.ofSeconds(120)), "load to finish");
      }

      var oracle = Oracle.of(cluster, log, sink);
      List<String> undelivered = oracle.awaitDeliveredUntouched(QUIESCENCE);
      Oracle.Report report = oracle.reconcile(QUIESCENCE);
      sink.dump(run, Path.of("target", "fault-reports", run + "-sink.csv"));
      log.dump(Path.of("target", "fault-reports", run + "-submits.csv"));
      var hits = sink.hits(run);
      new Figures("F4 SIGTERM one node, then rolling restart of all three")
          .put("leaves", leaves)
          .put("exits", exits)
          .put(
              "executionsByNode",
              hits.stream()
                  .collect(Collectors.groupingBy(RecordingSink.Hit::node, Collectors.counting())))
          .put(
              "okPerSecondIn10sAfterFirstSigterm",
              String.format("%.1f", Figures.okRate(hits, firstSigterm, Duration.ofSeconds(10))))
          .put("undeliveredWithoutClientTouch", undelivered.size())
          .put("postgresRestartedDuringTest", cluster.postgresRestarted())
          .print(report);

      assertAll(
          () ->
              assertTrue(
                  exits.size() == 3 && exits.stream().allMatch(Optional::isPresent),
                  "each leaving node exits by itself: " + exits),
          () ->
              assertTrue(
                  leaves.stream().allMatch(l -> l.exitAfter().compareTo(HANDOFF_TIMEOUT) < 0),
                  "hand-off and exit within handoff-timeout: " + leaves),
          () -> assertEquals(List.of(), undelivered, "pending calls resume untouched"),
          () -> assertEquals(List.of(), report.lost(), "lost"),
          () -> assertEquals(List.of(), report.duplicated(), "duplicated (graceful is exact)"),
          () -> assertEquals(List.of(), report.stuck(), "stuck"),
          () -> assertEquals(List.of(), report.unexpected(), "unexpected"),
          () -> assertEquals(List.of(), report.statusMismatch(), "status/sink agreement"),
          () -> assertEquals(0, report.hiddenAttempts(), "attempts beyond the recorded count"),
          () -> assertEquals(Map.of(), report.journalErrors(), "journal errors in node logs"),
          () -> assertEquals(List.of(), report.concurrentOnTwoNodes(), "one call on two nodes"),
          () -> assertEquals(0, report.unknownUnresolved(), "unknown submits resolve on retry"));
    }
  }
}
