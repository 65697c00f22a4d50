package dev.orchestrator.e2e.cluster;

import static dev.orchestrator.testing.cluster.TestCluster.API_KEY;
import static dev.orchestrator.testing.cluster.TestCluster.TENANT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.cluster.ClusterNode;
import dev.orchestrator.testing.cluster.Figures;
import dev.orchestrator.testing.cluster.LoadDriver;
import dev.orchestrator.testing.cluster.Oracle;
import dev.orchestrator.testing.cluster.PgConnectionSampler;
import dev.orchestrator.testing.cluster.RecordingSink;
import dev.orchestrator.testing.cluster.ShardPlacement;
import dev.orchestrator.testing.cluster.SubmitLog;
import dev.orchestrator.testing.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY F13: recovery storm. Many pending calls, all of them in shards one node hosts (their
 * entities alive with timers, due a little later), then kill -9 that node. The survivors take the
 * shards over and the due scanner wakes every call: a storm of journal recoveries. Pass: the
 * database never sees more connections than the nodes' pools hold (journal 8 + read model 6 +
 * health 1 per node; {@code max-concurrent-recoveries} = journal pool, so recoveries queue instead
 * of opening more), no recovery times out, every call executes; time to drain recorded.
 *
 * <p>Calls are pinned to the victim by choosing idempotency keys whose call id hashes (Pekko's
 * default extractor, {@code number-of-shards} 200) to a shard the victim hosts, as Pekko Management
 * reports it ({@code GET /cluster/shards/ServiceCall} on its management port) after a warm-up batch
 * has allocated the shards. The victim is the node hosting the most shards.
 *
 * <p>Properties: {@code orchestrator.test.f13.calls} (pending calls on the victim, default 2000,
 * submitted at 100/s; the catalogue's 20000 by hand).
 */
class RecoveryStormIT {
  static final int CALLS = Integer.getInteger("orchestrator.test.f13.calls", 2000);
  static final int SHARDS = 200;
  // Journal 8 + read model 6 + the health probe's own connection 1 (DataSources.health).
  static final int POOL_PER_NODE = 8 + 6 + 1;
  static final double SUBMIT_RATE = 100;

  static final List<String> RECOVERY_TIMEOUTS = List.of("RecoveryTimedOut", "Recovery timed out");
  static final String CALL_OPTIONS =
      ",\"retry\":{\"maxAttempts\":3,\"initialBackoff\":\"PT1S\",\"maxBackoff\":\"PT2S\"}"
          + ",\"timeout\":\"PT30S\"";

  @Test
  void killDashNineTheNodeHoldingThePendingCalls_survivorsRecoverWithinThePools() throws Exception {
    Duration submitTime = Duration.ofMillis(Math.round(CALLS * 1000 / SUBMIT_RATE));
    Duration quiescence = Duration.ofSeconds(180 + CALLS / 100);
    try (var sink = new RecordingSink(Duration.ZERO);
        var cluster =
            TestCluster.start(
                "RecoveryStormIT",
                3,
                Map.of("OUTBOUND_ALLOW_HOSTS", sink.allowHosts()),
                TestCluster.FAULT_TEST_OPTIONS)) {
      // Warm-up: calls over all shards, so the coordinator allocates them across the three nodes.
      var warmLog = new SubmitLog(TENANT, "f13-warm");
      try (var warm =
          new LoadDriver(
                  warmLog,
                  API_KEY,
                  sink.url(TENANT, "f13-warm"),
                  100,
                  Duration.ofSeconds(6),
                  Duration.ofSeconds(1),
                  cluster.nodes())
              .callOptions(CALL_OPTIONS)
              .start()) {
        assertTrue(warm.awaitDone(Duration.ofSeconds(60)), "warm-up submitted");
      }
      assertEquals(
          List.of(),
          Oracle.of(cluster, warmLog, sink).awaitDeliveredUntouched(Duration.ofSeconds(90)),
          "warm-up delivered");

      Map<ClusterNode, Set<Integer>> placement = new LinkedHashMap<>();
      for (ClusterNode n : cluster.nodes()) {
        placement.put(n, ShardPlacement.hostedBy(n).keySet());
      }
      ClusterNode victim =
          placement.entrySet().stream()
              .max(Comparator.comparingInt(e -> e.getValue().size()))
              .orElseThrow()
              .getKey();
      Set<Integer> victimShards = Set.copyOf(placement.get(victim));
      // An empty set would make the key filter below search forever. After the warm-up the
      // management endpoint reported only 18, 18 and 19 shards per node in one CI run (20 was
      // required then); 10 still spreads the pending calls over many shards.
      assertTrue(
          victimShards.size() >= 10, "setup: the victim hosts shards: " + placement.values());

      // Pending calls, every one in a shard the victim hosts, due after the kill and the downing.
      var log = new SubmitLog(TENANT, "f13");
      Duration dueAfter = submitTime.plusSeconds(25);
      try (var load =
          new LoadDriver(
                  log,
                  API_KEY,
                  sink.url(TENANT, "f13"),
                  SUBMIT_RATE,
                  submitTime,
                  dueAfter,
                  cluster.nodes())
              .callOptions(CALL_OPTIONS)
              .callIds(id -> victimShards.contains(shardOf(id)))
              .start()) {
        assertTrue(load.awaitDone(submitTime.plusSeconds(90)), "pending calls submitted");
      }
      Map<Integer, Integer> atKill = ShardPlacement.hostedBy(victim);
      // Submits lag on the busy box, so a few calls may fall due before the kill; they are not
      // part of the storm (and one answered just before the kill may be re-sent: at-least-once).
      Set<String> firedBeforeKill = new java.util.HashSet<>();
      int entitiesOnVictim = atKill.values().stream().mapToInt(Integer::intValue).sum();
      List<SubmitLog.Entry> okCalls = log.of(SubmitLog.Kind.OK);
      List<ClusterNode> survivors = cluster.nodes().stream().filter(n -> n != victim).toList();

      Instant killAt;
      Instant downedAt;
      List<String> undelivered;
      Instant deliveredAt;
      PgConnectionSampler.Sample peak;
      int maxAfterDowning;
      int maxOverall;
      try (var sampler = new PgConnectionSampler(cluster.database(), Duration.ofMillis(250))) {
        killAt = victim.kill();
        for (RecordingSink.Hit h : sink.hits("f13")) {
          firedBeforeKill.add(h.callId());
        }
        downedAt = cluster.awaitDowned(victim, survivors, Duration.ofSeconds(90));
        var oracle = Oracle.of(cluster, log, sink);
        undelivered = oracle.awaitDeliveredUntouched(dueAfter.plus(quiescence));
        deliveredAt = Instant.now();
        maxOverall = sampler.maxSince(killAt);
        maxAfterDowning = sampler.maxSince(downedAt);
        peak =
            sampler.samples().stream()
                .max(Comparator.comparingInt(PgConnectionSampler.Sample::connections))
                .orElse(null);
      }
      Oracle.Report report = Oracle.of(cluster, log, sink).reconcile(quiescence);
      long pendingOnVictim =
          okCalls.stream()
              .filter(e -> atKill.containsKey(shardOf(e.callId())))
              .filter(e -> !firedBeforeKill.contains(e.callId()))
              .count();

      List<RecordingSink.Hit> hits = sink.hits("f13");
      Optional<Instant> firstAfter =
          hits.stream().map(RecordingSink.Hit::arrivedAt).min(Comparator.naturalOrder());
      Optional<Instant> lastAfter =
          hits.stream().map(RecordingSink.Hit::arrivedAt).max(Comparator.naturalOrder());
      Map<String, Long> bySurvivor = new HashMap<>();
      hits.forEach(h -> bySurvivor.merge(String.valueOf(h.node()), 1L, Long::sum));
      Map<String, Integer> recoveryTimeouts = grep(cluster.logs(), RECOVERY_TIMEOUTS);

      sink.dump("f13", Path.of("target", "fault-reports", "f13-sink.csv"));
      log.dump(Path.of("target", "fault-reports", "f13-submits.csv"));
      new Figures("F13 recovery storm (kill -9 the node holding the pending calls)")
          .put("victim", victim + " hosting " + victimShards.size() + " of " + SHARDS + " shards")
          .put("acknowledgedCalls", okCalls.size())
          .put("firedBeforeKill", firedBeforeKill.size())
          .put("pendingOnVictimAtKill", pendingOnVictim)
          .put("liveEntitiesOnVictimAtKill", entitiesOnVictim)
          .put("killToDowned", Duration.between(killAt, downedAt))
          .put(
              "killToFirstExecution", firstAfter.map(t -> Duration.between(killAt, t)).orElse(null))
          .put(
              "killToDrained (last execution)",
              lastAfter.map(t -> Duration.between(killAt, t)).orElse(null))
          .put(
              "firstToLastExecution",
              firstAfter.flatMap(f -> lastAfter.map(l -> Duration.between(f, l))).orElse(null))
          .put("executionsBySurvivor", bySurvivor)
          .put("pgConnectionsMaxSinceKill", maxOverall)
          .put("pgConnectionsMaxSinceDowning", maxAfterDowning)
          .put("pgConnectionsPeak", peak)
          .put("poolBoundTwoSurvivors", 2 * POOL_PER_NODE)
          .put("recoveryTimeoutsInLogs", recoveryTimeouts)
          .put("undeliveredWithoutClientTouch", undelivered.size())
          .put("killToAllDelivered", Duration.between(killAt, deliveredAt))
          .print(report);

      assertAll(
          () ->
              assertTrue(
                  pendingOnVictim >= okCalls.size() / 2,
                  "setup: the pending calls sit on the victim (" + pendingOnVictim + ")"),
          () ->
              assertTrue(
                  maxAfterDowning <= 2 * POOL_PER_NODE,
                  "connections during the drain <= the survivors' pools: " + maxAfterDowning),
          () ->
              assertTrue(
                  maxOverall <= 3 * POOL_PER_NODE,
                  "connections since the kill <= all pools: " + maxOverall),
          () -> assertEquals(Map.of(), recoveryTimeouts, "recovery timeouts in node logs"),
          () -> assertEquals(List.of(), undelivered, "every call executes without a client poke"),
          () -> assertEquals(List.of(), report.lost(), "lost"),
          () -> assertEquals(List.of(), report.stuck(), "stuck"),
          () ->
              assertTrue(
                  firedBeforeKill.containsAll(report.duplicated()),
                  "duplicates " + report.duplicated() + " only of attempts sent before the kill"),
          () ->
              assertEquals(
                  List.of(), report.duplicatesWithDifferentKeys(), "copies share one webhook-id"),
          () -> assertEquals(List.of(), report.unexpected(), "unexpected"),
          () -> assertEquals(List.of(), report.statusMismatch(), "status/sink agreement"),
          () -> assertEquals(0, report.hiddenAttempts(), "attempts beyond the recorded count"),
          () -> assertEquals(Map.of(), report.journalErrors(), "journal errors in node logs"),
          () ->
              assertEquals(
                  0, report.unknownUnresolved(), "every unknown submit resolves on retry"));
    }
  }

  private static int shardOf(String callId) {
    return Figures.shardOf(TENANT, callId, SHARDS);
  }

  private static Map<String, Integer> grep(List<Path> logs, List<String> needles)
      throws java.io.IOException {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Path p : logs) {
      if (!Files.exists(p)) {
        continue;
      }
      int n = 0;
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        if (needles.stream().anyMatch(line::contains)) {
          n++;
        }
      }
      if (n > 0) {
        out.put(p.getFileName().toString(), n);
      }
    }
    return out;
  }
}
