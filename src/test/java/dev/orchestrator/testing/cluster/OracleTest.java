package dev.orchestrator.testing.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The oracle's pure judgements, on hand-made sink hits and journal events. */
class OracleTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  private static RecordingSink.Hit hit(
      int attempt, String node, long fromMs, long toMs, int status) {
    return new RecordingSink.Hit(
        attempt,
        "c1",
        "c1",
        "c1",
        attempt,
        "acme",
        "run",
        node,
        T0.plusMillis(fromMs),
        T0.plusMillis(toMs),
        status);
  }

  private static List<JsonNode> events(String... json) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String j : json) {
      out.add(MAPPER.readTree(j));
    }
    return out;
  }

  private static String started(int attempt, boolean resumed) {
    return "{\"type\":\"ExecutionStarted\",\"attempt\":"
        + attempt
        + ",\"resumed\":"
        + resumed
        + "}";
  }

  private static String failed(int attempt, String kind) {
    return "{\"type\":\"AttemptFailed\",\"attempt\":"
        + attempt
        + ",\"error\":{\"kind\":\""
        + kind
        + "\"}}";
  }

  private static String succeeded(int attempt) {
    return "{\"type\":\"ServiceCallSucceeded\",\"attempt\":" + attempt + "}";
  }

  @Test
  void duplicateCause_extraCopyOfAnAttemptRerunAfterACrash_isInterrupted() throws Exception {
    var hits = List.of(hit(1, "a", 0, 500, 200), hit(2, "b", 20_000, 20_500, 200));
    var journal = events(started(1, false), started(2, true), succeeded(2));
    assertEquals("interrupted", Oracle.duplicateCause(hits, journal));
  }

  @Test
  void duplicateCause_extraCopyOfAnAttemptRecordedAsTimeout_isTimeout() throws Exception {
    var hits = List.of(hit(1, "a", 0, 500, 200), hit(2, "a", 9_000, 9_500, 200));
    var journal = events(started(1, false), failed(1, "TIMEOUT"), started(2, false), succeeded(2));
    assertEquals("timeout", Oracle.duplicateCause(hits, journal));
  }

  @Test
  void duplicateCause_sameAttemptTwiceOrUnexplainedCopy_isOther() throws Exception {
    var twice = List.of(hit(1, "a", 0, 500, 200), hit(1, "a", 600, 1_100, 200));
    assertEquals("other", Oracle.duplicateCause(twice, events(started(1, false), succeeded(1))));
    var failedForAnotherReason = List.of(hit(1, "a", 0, 500, 200), hit(2, "a", 3_000, 3_500, 200));
    assertEquals(
        "other",
        Oracle.duplicateCause(
            failedForAnotherReason,
            events(started(1, false), failed(1, "HTTP_STATUS"), started(2, false), succeeded(2))));
  }

  @Test
  void unseenExplained_onlyForInterruptedOrFailedAttempts() throws Exception {
    var onlySecond = List.of(hit(2, "b", 0, 500, 200));
    assertTrue(Oracle.unseenExplained(onlySecond, 2, events(started(1, false), started(2, true))));
    assertTrue(
        Oracle.unseenExplained(
            onlySecond, 2, events(started(1, false), failed(1, "TIMEOUT"), started(2, false))));
    assertFalse(
        Oracle.unseenExplained(onlySecond, 2, events(started(1, false), started(2, false))));
  }

  @Test
  void overlapAcrossNodes_onlyWhenTwoNodesRunTheCallAtOnce() {
    assertTrue(
        Oracle.overlapAcrossNodes(List.of(hit(1, "a", 0, 500, 200), hit(2, "b", 400, 900, 200))));
    assertFalse(
        Oracle.overlapAcrossNodes(List.of(hit(1, "a", 0, 500, 200), hit(2, "b", 600, 900, 200))));
    assertFalse(
        Oracle.overlapAcrossNodes(List.of(hit(1, "a", 0, 500, 200), hit(2, "a", 400, 900, 200))));
  }

  @Test
  void clusterView_parsesPekkoClusterStatus() {
    var view =
        ClusterView.parse(
            "{\"members\":[{\"address\":\"pekko://orchestrator@127.0.0.1:1\",\"status\":\"Up\"},"
                + "{\"address\":\"pekko://orchestrator@127.0.0.1:2\",\"status\":\"Up\"},"
                + "{\"address\":\"pekko://orchestrator@127.0.0.1:3\",\"status\":\"Down\"}],"
                + "\"self-address\":\"pekko://orchestrator@127.0.0.1:1\","
                + "\"unreachable\":[{\"node\":\"pekko://orchestrator@127.0.0.1:2\","
                + "\"observed-by\":[\"pekko://orchestrator@127.0.0.1:1\"]}]}");
    assertEquals("127.0.0.1:1", view.self());
    assertEquals(List.of("127.0.0.1:1"), view.upAndReachable());
    assertTrue(view.downedOrRemoved("127.0.0.1:3"));
    assertTrue(view.downedOrRemoved("127.0.0.1:4"));
    assertFalse(view.downedOrRemoved("127.0.0.1:2"));
    assertFalse(view.exactlyUp(List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3")));
  }
}
