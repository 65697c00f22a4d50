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

import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.cluster.ClusterNode;
import dev.orchestrator.testing.cluster.Figures;
import dev.orchestrator.testing.cluster.LoadDriver;
import dev.orchestrator.testing.cluster.Oracle;
import dev.orchestrator.testing.cluster.RecordingSink;
import dev.orchestrator.testing.cluster.SubmitLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY F3: a zombie node. One of three nodes is frozen with SIGSTOP for twice stable-after
 * while submits continue, then SIGCONT. The majority must down it and run its calls; the zombie
 * must exit by itself (exit-jvm) and send nothing after it was downed.
 */
class ZombieNodeIT {
  @Test
  void f3_pausedNode_isDownedExitsByItselfAndSendsNothingAfterwards() throws Exception {
    String run = "f3";
    try (var sink = new RecordingSink(SINK_DELAY);
        var cluster = FaultSuite.startCluster("ZombieNodeIT", sink)) {
      var log = new SubmitLog(TENANT, run);
      ClusterNode zombie;
      Instant pausedAt;
      Instant downedSeenAt;
      Instant resumedAt;
      Optional<Integer> exit;
      Instant exitedAt;
      try (var load =
          new LoadDriver(
                  log,
                  API_KEY,
                  sink.url(TENANT, run),
                  RATE,
                  Duration.ofSeconds(75),
                  Duration.ofSeconds(2),
                  cluster.nodes())
              .callOptions(CALL_OPTIONS)
              .start()) {
        FaultSuite.awaitEveryNodeExecuted(cluster, sink, run, 20);
        zombie = FaultSuite.busiest(cluster, sink);
        List<ClusterNode> majority = cluster.nodes().stream().filter(n -> n != zombie).toList();
        pausedAt = zombie.pause();
        downedSeenAt = cluster.awaitDowned(zombie, majority, Duration.ofSeconds(90));
        load.targets(majority);
        Instant resumeAt = pausedAt.plus(STABLE_AFTER.multipliedBy(2));
        Await.until(
            Duration.ofSeconds(60),
            "2 x stable-after to pass since the pause",
            () -> !Instant.now().isBefore(resumeAt));
        resumedAt = zombie.resume();
        exit = zombie.awaitExit(Duration.ofSeconds(90));
        exitedAt = Instant.now();
        assertTrue(load.awaitDone(Duration.ofSeconds(120)), "load to finish");
      }
      String z = zombie.address();
      // The SBR's own decision time (leader's log); the majority's view confirms it later.
      Instant downedAt =
          Figures.firstLogged(cluster.logs(), "SBR took decision", "is downing", "@" + z + "]")
              .orElse(downedSeenAt);

      var oracle = Oracle.of(cluster, log, sink);
      List<String> undelivered = oracle.awaitDeliveredUntouched(QUIESCENCE);
      Oracle.Report report = oracle.reconcile(QUIESCENCE);
      sink.dump(run, Path.of("target", "fault-reports", run + "-sink.csv"));
      log.dump(Path.of("target", "fault-reports", run + "-submits.csv"));

      var hits = sink.hits(run);
      CrashBound bound = CrashBound.of(oracle, hits, z, pausedAt);
      List<RecordingSink.Hit> afterDowning =
          hits.stream().filter(h -> z.equals(h.node()) && h.arrivedAt().isAfter(downedAt)).toList();
      List<RecordingSink.Hit> afterPause =
          hits.stream().filter(h -> z.equals(h.node()) && h.arrivedAt().isAfter(pausedAt)).toList();
      Set<Integer> zombieShards = Figures.shardsExecutedBy(hits, z, pausedAt, TENANT, SHARDS);
      Optional<RecordingSink.Hit> firstTakenOver =
          hits.stream()
              .filter(h -> h.ok() && !z.equals(h.node()) && h.arrivedAt().isAfter(pausedAt))
              .filter(h -> zombieShards.contains(Figures.shardOf(TENANT, h.callId(), SHARDS)))
              .min(Comparator.comparing(RecordingSink.Hit::arrivedAt));
      Map<String, Integer> journalErrorsOfMajority =
          Oracle.journalErrors(
              cluster.logs().stream().filter(p -> !p.equals(zombie.log())).toList());
      new Figures("F3 zombie node (SIGSTOP 2 x stable-after, SIGCONT)")
          .put("zombie", zombie + " (most attempts in flight at the sink)")
          .put("inFlightOnZombieAtPause", bound.figure())
          .put("pauseToDownDecision", Duration.between(pausedAt, downedAt))
          .put("pauseToDownSeenByMajority", Duration.between(pausedAt, downedSeenAt))
          .put("pauseToResume", Duration.between(pausedAt, resumedAt))
          .put("resumeToExit", exit.isPresent() ? Duration.between(resumedAt, exitedAt) : null)
          .put("exitCode", exit.orElse(null))
          .put("zombieAttemptsAfterPause", afterPause.size())
          .put("zombieAttemptsAfterDowning", afterDowning.size())
          .put(
              "pauseToFirstExecutionOfAZombieShardElsewhere",
              firstTakenOver.map(h -> Duration.between(pausedAt, h.arrivedAt())).orElse(null))
          .put(
              "okPerSecondIn10sAfterDowning",
              String.format("%.1f", Figures.okRate(hits, downedAt, Duration.ofSeconds(10))))
          .put("undeliveredWithoutClientTouch", undelivered.size())
          .put("journalErrorsInZombieLog", Oracle.journalErrors(List.of(zombie.log())))
          .put("postgresRestartedDuringTest", cluster.postgresRestarted())
          .print(report);

      assertAll(
          () -> assertTrue(exit.isPresent(), "the downed zombie exits by itself (exit-jvm)"),
          () ->
              assertEquals(
                  List.of(),
                  afterDowning,
                  "the sink sees no attempt from the zombie after downing"),
          () -> assertTrue(firstTakenOver.isPresent(), "the majority runs the zombie's shards"),
          () -> assertEquals(List.of(), undelivered, "every acknowledged call fires untouched"),
          () -> assertEquals(List.of(), report.lost(), "lost"),
          () -> assertEquals(List.of(), report.stuck(), "stuck"),
          () -> assertEquals(List.of(), report.unexpected(), "unexpected"),
          () -> assertEquals(List.of(), report.statusMismatch(), "status/sink agreement"),
          () -> assertEquals(0, report.hiddenAttempts(), "attempts beyond the recorded count"),
          () ->
              assertEquals(
                  List.of(), report.unseenUnexplained(), "unseen attempts not interrupted"),
          () -> assertEquals(Map.of(), journalErrorsOfMajority, "journal errors, majority logs"),
          () -> bound.assertBounds(report),
          () -> assertEquals(List.of(), report.concurrentOnTwoNodes(), "one call on two nodes"),
          () -> assertEquals(0, report.unknownUnresolved(), "unknown submits resolve on retry"));
    }
  }
}
