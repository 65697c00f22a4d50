package dev.orchestrator.e2e.cluster;

import static dev.orchestrator.testing.cluster.TestCluster.API_KEY;
import static dev.orchestrator.testing.cluster.TestCluster.TENANT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  static final int SHARDS = 100;
  static final Duration STABLE_AFTER = Duration.ofSeconds(10);
  static final Duration SINK_DELAY = Duration.ofMillis(500);
  static final double RATE = 50;
  // Attempts get 30 s: on a shared two-core box a node can be starved for seconds, and a 5 s
  // timeout then retries calls the sink already answered, which is not the fault under test.
  static final String CALL_OPTIONS =
      ",\"retry\":{\"maxAttempts\":5,\"initialBackoff\":\"PT1S\",\"maxBackoff\":\"PT2S\"}"
          + ",\"timeout\":\"PT30S\"";
  // RELIABILITY §4 T_q = stable-after + attempt timeout x max attempts + max backoff + 30 s would
  // be
  // 10 + 150 + 2 + 30 s with CALL_OPTIONS; calls that do not need every retry finish far sooner.
  static final Duration QUIESCENCE = Duration.ofSeconds(10 + 150 + 2 + 30);

  static RecordingSink sink;
  static TestCluster cluster;
  static ClusterNode victim;

  @BeforeAll
  static void startCluster() throws Exception {
    sink = new RecordingSink(SINK_DELAY);
    cluster =
        TestCluster.start(
            "KillAndRejoinIT",
            3,
            Map.of("OUTBOUND_ALLOW_HOSTS", sink.allowHosts()),
            TestCluster.FAULT_TEST_OPTIONS);
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
      Await.until(
          Duration.ofSeconds(90),
          "every node to have executed calls",
          () ->
              cluster.nodes().stream()
                  .allMatch(
                      n ->
                          sink.hits(run).stream().filter(h -> n.address().equals(h.node())).count()
                              >= 20));
      victim =
          Await.value(
                  Duration.ofSeconds(30),
                  "a node with attempts in flight",
                  KillAndRejoinIT::busiest,
                  Optional::isPresent)
              .get();
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
    List<RecordingSink.Hit> inFlight = Figures.inFlightAt(hits, dead, killAt);
    Set<String> inFlightIds =
        inFlight.stream().map(RecordingSink.Hit::callId).collect(Collectors.toSet());
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
        .put("inFlightOnVictimAtKill", inFlight.size())
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
            assertTrue(
                report.unseenAttempts() <= inFlight.size(),
                "attempts recorded but never sent are only those the crash cut: "
                    + report.unseenAttempts()),
        () -> assertEquals(Map.of(), report.journalErrors(), "journal errors in node logs"),
        () ->
            assertTrue(
                report.duplicated().size() <= inFlight.size(),
                "duplicates "
                    + report.duplicated()
                    + " <= in flight on the dead node "
                    + inFlightIds),
        () ->
            assertTrue(
                inFlightIds.containsAll(report.duplicated()),
                "only calls in flight on the dead node are duplicated: " + report.duplicated()),
        () ->
            assertEquals(
                List.of(), report.duplicatesWithDifferentKeys(), "copies share one webhook-id"),
        () ->
            assertEquals(List.of(), report.concurrentOnTwoNodes(), "one call on two nodes at once"),
        () ->
            assertTrue(
                gapSubmits.stream().noneMatch(e -> e.kind() == SubmitLog.Kind.OK),
                "a dead node acknowledges nothing"),
        () ->
            assertEquals(0, report.unknownUnresolved(), "every unknown submit resolves on retry"));
  }

  private static Optional<ClusterNode> busiest() {
    Map<String, Long> inFlight = sink.inFlightByNode();
    return cluster.live().stream()
        .filter(n -> inFlight.getOrDefault(n.address(), 0L) > 0)
        .max(Comparator.comparingLong(n -> inFlight.getOrDefault(n.address(), 0L)));
  }
}
