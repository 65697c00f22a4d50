package dev.orchestrator.e2e.cluster;

import dev.orchestrator.config.ConfigLoader;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.cluster.ClusterNode;
import dev.orchestrator.testing.cluster.RecordingSink;
import dev.orchestrator.testing.cluster.TestCluster;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/** What the cluster fault suites share: their settings and a few steps. */
final class FaultSuite {
  /** The production shard count: the sink-side shard of a call must match the cluster's. */
  static final int SHARDS = ConfigLoader.load().getInt("pekko.cluster.sharding.number-of-shards");

  static final Duration STABLE_AFTER = Duration.ofSeconds(10);
  static final Duration SINK_DELAY = Duration.ofMillis(500);
  // The catalogue starts at 50/s; calibrated down: three nodes, PostgreSQL, the sink and the driver
  // share two cores, and at 50/s a node spent ~30 ms CPU per call (bench cpu.node_ms_per_delivered_
  // call), so the box ran at 100% with a run queue of 40-60 and restarted nodes took minutes to
  // become ready. At 20/s the faults, not CPU starvation, decide what the suites see.
  static final double RATE = 20;
  // Attempts get 30 s: on a shared two-core box a node can be starved for seconds, and a 5 s
  // timeout then retries calls the sink already answered, which is not the fault under test.
  static final String CALL_OPTIONS =
      ",\"retry\":{\"maxAttempts\":5,\"initialBackoff\":\"PT1S\",\"maxBackoff\":\"PT2S\"}"
          + ",\"timeout\":\"PT30S\"";
  // RELIABILITY §4 T_q = stable-after + attempt timeout x max attempts + max backoff + 30 s would
  // be
  // 10 + 150 + 2 + 30 s with CALL_OPTIONS; calls that do not need every retry finish far sooner.
  static final Duration QUIESCENCE = Duration.ofSeconds(10 + 150 + 2 + 30);

  private FaultSuite() {}

  static TestCluster startCluster(String name, RecordingSink sink) throws Exception {
    return TestCluster.start(
        name, 3, Map.of("OUTBOUND_ALLOW_HOSTS", sink.allowHosts()), TestCluster.FAULT_TEST_OPTIONS);
  }

  /** Waits until every node has executed at least {@code n} attempts of {@code run}. */
  static void awaitEveryNodeExecuted(TestCluster cluster, RecordingSink sink, String run, int n) {
    Await.until(
        Duration.ofSeconds(120),
        "every node to have executed " + n + " calls",
        () ->
            cluster.live().stream()
                .allMatch(
                    node ->
                        sink.hits(run).stream().filter(h -> node.address().equals(h.node())).count()
                            >= n));
  }

  /**
   * The live node with the most attempts in flight at the sink: with calls spread evenly over
   * shards that is the node running the most shards' calls right now, and it makes the duplicate
   * bound (attempts in flight at the fault) meaningful.
   */
  static ClusterNode busiest(TestCluster cluster, RecordingSink sink) {
    return Await.value(
            Duration.ofSeconds(30),
            "a node with attempts in flight",
            () -> {
              Map<String, Long> inFlight = sink.inFlightByNode();
              return cluster.live().stream()
                  .filter(n -> inFlight.getOrDefault(n.address(), 0L) > 0)
                  .max(Comparator.comparingLong(n -> inFlight.getOrDefault(n.address(), 0L)));
            },
            Optional::isPresent)
        .get();
  }
}
