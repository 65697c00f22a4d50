package dev.orchestrator.http;

import static dev.orchestrator.http.ApiTestSupport.WAIT;
import static dev.orchestrator.http.ApiTestSupport.assertOnlyKnownCalls;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.StateProbe;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node under test with its loopback target and a probe of its database, for API tests that prove
 * refused requests change nothing (RELIABILITY §5(c)). Remembers the calls tests create on purpose,
 * so that any other call in the list is one a refused request made.
 */
final class ApiNode implements AutoCloseable {
  private final TargetServer target;
  private final TestNode node;
  private final StateProbe probe;
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  private ApiNode(TargetServer target, TestNode node, StateProbe probe) {
    this.target = target;
    this.node = node;
    this.probe = probe;
  }

  /** A node on a fresh in-memory H2 database. */
  static ApiNode h2(String name, Map<String, Object> extra) throws Exception {
    return start(TestNode.h2Memory(name), "", "", extra);
  }

  /** A node on the given (empty) database; {@code user} empty means H2's default. */
  static ApiNode start(String jdbcUrl, String user, String password, Map<String, Object> extra)
      throws Exception {
    TargetServer target = new TargetServer();
    try {
      TestNode node = TestNode.start(jdbcUrl, user, target.port(), extra);
      String probeUser = user.isEmpty() ? "sa" : user;
      return new ApiNode(target, node, new StateProbe(jdbcUrl, probeUser, password, target));
    } catch (Exception | Error e) {
      target.close();
      throw e;
    }
  }

  int port() {
    return node.port();
  }

  ApiClient client(String key) {
    return node.client(key);
  }

  TargetServer target() {
    return target;
  }

  StateProbe probe() {
    return probe;
  }

  /** Calls the tests created on purpose; add every id a test creates. */
  Set<String> created() {
    return created;
  }

  /** A target URL nothing is ever sent to (calls to it are due in an hour). */
  String neverUrl() {
    return target.url("/never");
  }

  /** {@link #assertUnchangedBy(ApiClient, String, Runnable)} with a tenant-a sentinel. */
  void assertUnchangedBy(Runnable refused) {
    assertUnchangedBy(client(TestNode.KEY_A), "tenant-a", refused);
  }

  /**
   * Runs {@code refused}, requests that must be refused, and proves that they changed nothing: once
   * a sentinel submitted after them is in the read model, the journal and read-model rows and the
   * requests the target received are what they were before, but for the sentinel's own and those of
   * calls {@code refused} accepted on purpose and added to {@link #created()}. Timing cannot hide a
   * write: anything a refused request wrote would be journalled before the sentinel and projected
   * by the time the sentinel is.
   */
  void assertUnchangedBy(ApiClient sentinelApi, String sentinelTenant, Runnable refused) {
    Set<String> known = Set.copyOf(created);
    StateProbe.Counts before = probe.settled(WAIT);
    refused.run();
    String sentinel = assertOnlyKnownCalls(sentinelApi, sentinelTenant, neverUrl(), created);
    StateProbe.Counts after = probe.settled(WAIT);
    for (String id : created) {
      if (!known.contains(id)) {
        after = after.minus(probe.of(id));
      }
    }
    assertEquals(before, after, "journal, read model or target traffic changed");
  }

  @Override
  public void close() {
    try {
      node.close();
    } finally {
      target.close();
    }
  }
}
