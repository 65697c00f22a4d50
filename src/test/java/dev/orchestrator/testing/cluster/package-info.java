/**
 * Harness for multi-process cluster fault suites (RELIABILITY §4, §5b: F0-F8, F11-F13): real node
 * JVMs on loopback against a real PostgreSQL database, a recording sink, a client-side submit log,
 * an open-model load driver and the reconciliation oracle.
 *
 * <h2>Pieces</h2>
 *
 * <ul>
 *   <li>{@link dev.orchestrator.testing.cluster.ClusterNode}: one node process ({@code
 *       dev.orchestrator.Main}, so {@code exit-jvm} is on) with HTTP, cluster and JMX ports chosen
 *       in advance, its log in {@code target/node-logs/<test>-n<slot>-<incarnation>-<millis>.log},
 *       extra {@code -D} options (Typesafe config reads system properties, so e.g. {@code
 *       -Dpekko.cluster.split-brain-resolver.stable-after=10s} needs no env var), and signals:
 *       {@code kill()} SIGKILL, {@code terminate()} SIGTERM (graceful leave), {@code
 *       pause()}/{@code resume()} SIGSTOP/SIGCONT, {@code awaitExit(deadline)}, {@code
 *       awaitReady(deadline)}.
 *   <li>{@link dev.orchestrator.testing.cluster.TestCluster}: N nodes on one fresh database ({@code
 *       PostgresTestDatabase}), all with the same {@code SEED_NODES}, tenant {@code acme} (signed,
 *       so attempts carry {@code webhook-id}) and the execution node header on. {@code start}
 *       returns once every node sees all N Up; {@code restart(slot)} starts a new incarnation on
 *       the slot's cluster port; {@code awaitMembers}/{@code awaitDowned} wait on membership.
 *       {@link dev.orchestrator.testing.cluster.TestCluster#FAULT_TEST_OPTIONS} are the catalogue's
 *       settings (stable-after 10 s, heartbeat pause 8 s, min-nr-of-members 1).
 *   <li>{@link dev.orchestrator.testing.cluster.RecordingSink}: JDK HttpServer on loopback; per
 *       request call id, Idempotency-Key, webhook-id, X-Attempt, tenant, run, executing node,
 *       arrival and answer time; configurable delay and status. Paths {@code /sink/<tenant>/<run>}
 *       let one sink serve several phases of a test.
 *   <li>{@link dev.orchestrator.testing.cluster.SubmitLog} and {@link
 *       dev.orchestrator.testing.cluster.LoadDriver}: open-model submits (rate R for T, round-robin
 *       over the targets the test sets, each call due a little later, each with an idempotency key
 *       so its id is known even when the answer is lost) recorded as ok / fail / unknown.
 *   <li>{@link dev.orchestrator.testing.cluster.Oracle}: {@code awaitDeliveredUntouched} (every
 *       acknowledged call reaches the sink with no API call at all), then {@code reconcile}:
 *       resolves unknown submits by resending them, GETs every accepted call until terminal or the
 *       quiescence deadline, and reports lost, stuck, duplicated (with differing keys), unexpected,
 *       status/sink mismatches, hidden and unseen attempts, attempts of one call overlapping on two
 *       nodes, and {@code duplicate key}/{@code Invalid replayed event} lines in every node log.
 *   <li>{@link dev.orchestrator.testing.cluster.Figures}: the measured numbers of a test (time to
 *       recover, drain rate, in flight at fault time), printed and appended to {@code
 *       target/fault-reports.txt}.
 *   <li>{@link dev.orchestrator.testing.cluster.SingleNode}: one node in a cluster of its own, on
 *       the embedded H2 default store (a {@code DATA_DIR} the test owns) or a fresh PostgreSQL
 *       database, restartable on the same store; for the single-node crash suites (F0, F6).
 *   <li>{@link dev.orchestrator.testing.cluster.ShardPlacement}: which shards a node hosts, from
 *       its Pekko Management port ({@link
 *       dev.orchestrator.testing.cluster.ClusterNode#managementPort}, a free port per incarnation);
 *       with {@code LoadDriver.callIds} calls can be pinned to one node's shards (F13).
 *   <li>{@link dev.orchestrator.testing.cluster.PgConnectionSampler} ({@code pg_stat_activity} of
 *       the test database over time) and {@link dev.orchestrator.testing.cluster.DrainShape} (mean
 *       rate, busiest second and 100 ms bucket of a backlog drain).
 * </ul>
 *
 * <h2>How membership is observed</h2>
 *
 * Each node runs a JMX agent bound to 127.0.0.1 without authentication (test JVM option only;
 * production never opens it), and the harness reads Pekko's own {@code pekko:type=Cluster} MBean
 * attribute {@code ClusterStatus}: that node's view of members, their status and unreachability.
 * This is what the cluster itself believes, needs nothing added to production code, and unlike log
 * parsing survives log format changes and restarts. Reads have a deadline, since a frozen JVM
 * (SIGSTOP) never answers; paused or dead nodes are simply not asked.
 *
 * <h2>Execution node</h2>
 *
 * The nodes run with {@code EXECUTION_NODE_HEADER=X-Orchestrator-Node}: every attempt names the
 * node that sent it (its cluster {@code host:port}), which the sink records. Off by default in
 * production.
 */
package dev.orchestrator.testing.cluster;
