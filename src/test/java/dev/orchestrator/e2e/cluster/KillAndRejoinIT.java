package dev.orchestrator.e2e.cluster;

import static dev.orchestrator.e2e.cluster.FaultSuite.CALL_OPTIONS;
import static dev.orchestrator.e2e.cluster.FaultSuite.QUIESCENCE;
import static dev.orchestrator.e2e.cluster.FaultSuite.RATE;
import static dev.orchestrator.e2e.cluster.FaultSuite.SHARDS;
import static dev.orchestrator.e2e.cluster.FaultSuite.SINK_DELAY;
import static dev.orchestrator.e2e.cluster.FaultSuite.STABLE_AFTER;
import static dev.orchestrator.testing.cluster.TestCluster.API_KEY;
import static dev.orchestrator.testing.cluster.TestCluster.TENANT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.cluster.ClusterNode;
import dev.orchestrator.testing.cluster.Figures;
import dev.orchestrator.testing.cluster.LoadDriver;
import dev.orchestrator.testing.cluster.Oracle;
import dev.orchestrator.testing.cluster.RecordingSink;
import dev.orchestrator.testing.cluster.SubmitLog;
import dev.orchestrator.testing.cluster.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * RELIABILITY F1 (kill -9 one of three nodes mid-execution) and F2 (the killed node rejoins and
 * shards move back), on one three-node cluster over PostgreSQL. Ordered phases: F2 restarts the
 * node F1 killed. Figures go to stdout and target/fault-reports.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillAndRejoinIT {
  static RecordingSink sink;
  static TestCluster cluster;
  static ClusterNode victim;

  @BeforeAll
  static void startCluster() throws Exception {
    sink = new RecordingSink(SINK_DELAY);
    cluster = FaultSuite.startCluster("KillAndRejoinIT", sink);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (sink != null) {
        sink.close();
      }
    }
  }

  /**
   * Kills the node with the most attempts in flight at the sink (with calls spread evenly over
   * shards, that is the node executing the most shards' calls right now, and it makes the duplicate
   * bound meaningful), while submits keep coming at 50/s.
   */
  @Test
  @Order(1)
  void f1_killDashNineOneOfThree_midExecution_losesNothingAndBoundsDuplicates() throws Exception {
    String run = "f1";
    var log = new SubmitLog(TENANT, run);
    Instant killAt;
    Instant downedAt;
    try (var load =
        new LoadDriver(
                log,
                API_KEY,
                sink.url(TENANT, run),
                RATE,
                Duration.ofSeconds(60),
                Duration.ofSeconds(2),
                cluster.nodes())
            .callOptions(CALL_OPTIONS)
            .start()) {
      FaultSuite.awaitEveryNodeExecuted(cluster, sink, run, 20);
      victim = FaultSuite.busiest(cluster, sink);
      killAt = victim.kill();
      List<ClusterNode> survivors = cluster.live();
      downedAt = cluster.awaitDowned(victim, survivors, Duration.ofSeconds(90));
      load.targets(survivors);
      assertTrue(load.awaitDone(Duration.ofSeconds(120)), "load to finish");
    }

    var oracle = Oracle.of(cluster, log, sink);
    List<String> undelivered = oracle.awaitDeliveredUntouched(QUIESCENCE);
    Oracle.Report report = oracle.reconcile(QUIESCENCE);
    var hits = sink.hits(run);
    String dead = victim.address();
    CrashBound bound = CrashBound.of(oracle, hits, dead, killAt);
    Set<String> inFlightIds = bound.ids();
    Set<Integer> deadShards = Figures.shardsExecutedBy(hits, dead, killAt, TENANT, SHARDS);
    Optional<RecordingSink.Hit> firstRecovered =
        hits.stream()
            .filter(h -> h.ok() && !dead.equals(h.node()) && h.arrivedAt().isAfter(killAt))
            .filter(h -> deadShards.contains(Figures.shardOf(TENANT, h.callId(), SHARDS)))
            .min(Comparator.comparing(RecordingSink.Hit::arrivedAt));
    Optional<Instant> inFlightRerunsDone =
        hits.stream()
            .filter(h -> inFlightIds.contains(h.callId()) && h.arrivedAt().isAfter(killAt))
            .map(RecordingSink.Hit::arrivedAt)
            .max(Comparator.naturalOrder());
    List<SubmitLog.Entry> gapSubmits =
        log.entries().stream()
            .filter(e -> dead.equals(e.node()) && !e.sentAt().isBefore(killAt))
            .toList();
    List<SubmitLog.Entry> lateSurvivorSubmits =
        log.entries().stream()
            .filter(e -> !dead.equals(e.node()))
            .filter(e -> e.sentAt().isAfter(downedAt.plusSeconds(30)))
            .toList();

    sink.dump(run, Path.of("target", "fault-reports", run + "-sink.csv"));
    log.dump(Path.of("target", "fault-reports", run + "-submits.csv"));
    Duration toDown = Duration.between(killAt, downedAt);
    new Figures("F1 kill -9 one of three mid-execution")
        .put("victim", victim + " (most attempts in flight at the sink)")
        .put("inFlightOnVictimAtKill", bound.figure())
        .put("victimShards", deadShards.size())
        .put("killToDowned", toDown)
        .put(
            "killToFirstExecutionOfAVictimShardElsewhere",
            firstRecovered.map(h -> Duration.between(killAt, h.arrivedAt())).orElse(null))
        .put(
            "killToLastRerunOfInFlightCalls",
            inFlightRerunsDone.map(t -> Duration.between(killAt, t)).orElse(null))
        .put(
            "okPerSecondIn10sAfterDowning",
            String.format("%.1f", Figures.okRate(hits, downedAt, Duration.ofSeconds(10))))
        .put("submitsToVictimDuringGap", gapSubmits.size())
        .put(
            "survivorSubmitP99From30sAfterDowning",
            Figures.percentileMillis(lateSurvivorSubmits, 99) + "ms")
        .put("undeliveredWithoutClientTouch", undelivered.size())
        .put("killAt", killAt)
        .put("downedAt", downedAt)
        .put("postgresRestartedDuringTest", cluster.postgresRestarted())
        .print(report);

    assertAll(
        () ->
            assertTrue(
                toDown.compareTo(STABLE_AFTER.plusSeconds(15)) <= 0,
                "SBR downs the killed node within stable-after + 15 s, took " + toDown),
        () -> assertTrue(firstRecovered.isPresent(), "the dead node's shards run elsewhere"),
        () ->
            assertEquals(
                List.of(), undelivered, "every acknowledged call fires without a client poke"),
        () -> assertEquals(List.of(), report.lost(), "lost"),
        () -> assertEquals(List.of(), report.stuck(), "stuck"),
        () -> assertEquals(List.of(), report.unexpected(), "unexpected"),
        () -> assertEquals(List.of(), report.statusMismatch(), "status/sink agreement"),
        () -> assertEquals(0, report.hiddenAttempts(), "attempts beyond the recorded count (K16)"),
        () ->
            assertEquals(List.of(), report.unseenUnexplained(), "unseen attempts not interrupted"),
        () -> assertEquals(Map.of(), report.journalErrors(), "journal errors in node logs"),
        () -> bound.assertBounds(report),
        () ->
            assertEquals(List.of(), report.concurrentOnTwoNodes(), "one call on two nodes at once"),
        () ->
            assertTrue(
                gapSubmits.stream().noneMatch(e -> e.kind() == SubmitLog.Kind.OK),
                "a dead node acknowledges nothing"),
        () ->
            assertEquals(0, report.unknownUnresolved(), "every unknown submit resolves on retry"));
  }

  /**
   * The node F1 killed comes back on the same cluster port while submits continue, and the
   * coordinator moves shards to it. Calls submitted before the restart and due after it are idle
   * during the move: they must fire exactly once. No attempt of one call may run on two nodes at
   * once, and no node may log a journal key violation or replay error.
   */
  @Test
  @Order(2)
  void f2_killedNodeRejoins_shardsMoveWithoutJournalErrorsOrDoubleExecution() throws Exception {
    assumeTrue(victim != null && !victim.isAlive(), "F1 left a killed node to restart");
    String run = "f2";
    var log = new SubmitLog(TENANT, run);
    int slot = cluster.slotOf(victim);
    List<ClusterNode> survivors = cluster.live();
    Set<String> idle = submitIdleCalls(log, survivors, 150, Instant.now().plusSeconds(60));
    Instant restartedAt;
    Instant upAt;
    ClusterNode back;
    try (var load =
        new LoadDriver(
                log,
                API_KEY,
                sink.url(TENANT, run),
                RATE,
                Duration.ofSeconds(60),
                Duration.ofSeconds(2),
                survivors)
            .callOptions(CALL_OPTIONS)
            .start()) {
      restartedAt = Instant.now();
      back = cluster.restart(slot);
      upAt = Instant.now();
      load.targets(cluster.live());
      String address = back.address();
      Await.until(
          Duration.ofSeconds(120),
          "shards to move to the rejoined node (it executes calls)",
          () -> sink.hits(run).stream().filter(h -> address.equals(h.node())).count() >= 20);
      assertTrue(load.awaitDone(Duration.ofSeconds(120)), "load to finish");
    }
    var oracle = Oracle.of(cluster, log, sink);
    List<String> undelivered = oracle.awaitDeliveredUntouched(QUIESCENCE);
    Oracle.Report report = oracle.reconcile(QUIESCENCE);
    sink.dump(run, Path.of("target", "fault-reports", run + "-sink.csv"));
    log.dump(Path.of("target", "fault-reports", run + "-submits.csv"));
    var hits = sink.hits(run);
    String address = back.address();
    Optional<Instant> firstOnRejoined =
        hits.stream()
            .filter(h -> address.equals(h.node()))
            .map(RecordingSink.Hit::arrivedAt)
            .min(Comparator.naturalOrder());
    List<String> idleDuplicated = report.duplicated().stream().filter(idle::contains).toList();
    new Figures("F2 rejoin after kill -9")
        .put("rejoined", back)
        .put("restartToAllSeeThreeUp", Duration.between(restartedAt, upAt))
        .put(
            "restartToFirstExecutionOnRejoined",
            firstOnRejoined.map(t -> Duration.between(restartedAt, t)).orElse(null))
        .put(
            "executionsByNode",
            hits.stream()
                .collect(Collectors.groupingBy(RecordingSink.Hit::node, Collectors.counting())))
        .put("idleCalls", idle.size())
        .put("idleDuplicated", idleDuplicated)
        .put("undeliveredWithoutClientTouch", undelivered.size())
        .put("postgresRestartedDuringTest", cluster.postgresRestarted())
        .print(report);

    assertAll(
        () -> assertEquals(Map.of(), report.journalErrors(), "journal errors in any node log"),
        () -> assertEquals(List.of(), report.concurrentOnTwoNodes(), "one call on two nodes"),
        () -> assertEquals(List.of(), idleDuplicated, "idle calls fire once"),
        () -> assertEquals(List.of(), undelivered, "every acknowledged call fires untouched"),
        () -> assertEquals(List.of(), report.lost(), "lost"),
        () -> assertEquals(List.of(), report.stuck(), "stuck"),
        () -> assertEquals(List.of(), report.unexpected(), "unexpected"),
        () -> assertEquals(List.of(), report.statusMismatch(), "status/sink agreement"),
        () -> assertEquals(0, report.hiddenAttempts(), "attempts beyond the recorded count"),
        () -> assertEquals(List.of(), report.duplicatesWithDifferentKeys(), "one webhook-id"),
        () -> assertEquals(0, report.unknownUnresolved(), "unknown submits resolve on retry"));
  }

  /** Submits {@code n} calls due at {@code due} one by one; returns the ids acknowledged. */
  private static Set<String> submitIdleCalls(
      SubmitLog log, List<ClusterNode> nodes, int n, Instant due) {
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      String key = "idle-" + log.run() + "-" + i;
      String body = LoadDriver.body(sink.url(TENANT, log.run()), key, due, CALL_OPTIONS);
      if (log.submit(nodes.get(i % nodes.size()), API_KEY, key, body).kind() == SubmitLog.Kind.OK) {
        ids.add(log.callIdFor(key));
      }
    }
    return ids;
  }
}
