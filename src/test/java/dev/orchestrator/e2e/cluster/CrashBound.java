package dev.orchestrator.e2e.cluster;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.cluster.Figures;
import dev.orchestrator.testing.cluster.Oracle;
import dev.orchestrator.testing.cluster.RecordingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The duplicate bound of a crash (RELIABILITY F1, F3): a call may run again only if the dead node
 * had an attempt of it in flight, in the node's sense: sent, and its outcome not yet in the
 * journal. The sink's in-flight view (sent, not yet answered) undercounts that by the attempts the
 * sink had answered but whose result the node had not yet persisted, so the bound comes from the
 * journal; the sink view is kept as a figure. So that the bound cannot be stretched by a node that
 * is slow to record outcomes, an answered attempt counts only if its answer came at most {@link
 * #RECORD_GRACE} before the fault.
 *
 * @param unrecorded attempts of the dead node whose outcome the journal lacks
 * @param sinkInFlight attempts of the dead node the sink had received but not answered at the fault
 * @param answeredLongBefore unrecorded attempts the sink had answered more than {@link
 *     #RECORD_GRACE} before the fault (must be empty)
 */
record CrashBound(
    List<RecordingSink.Hit> unrecorded,
    List<RecordingSink.Hit> sinkInFlight,
    List<RecordingSink.Hit> answeredLongBefore) {

  /** How long a node may take from the target's answer to a durable outcome, on a busy box. */
  static final Duration RECORD_GRACE = Duration.ofSeconds(5);

  static CrashBound of(Oracle oracle, List<RecordingSink.Hit> hits, String node, Instant faultAt)
      throws InterruptedException {
    List<RecordingSink.Hit> unrecorded = oracle.unrecordedAttemptsOf(node);
    Instant graceStart = faultAt.minus(RECORD_GRACE);
    return new CrashBound(
        unrecorded,
        Figures.inFlightAt(hits, node, faultAt),
        unrecorded.stream()
            .filter(h -> h.answeredAt() != null && h.answeredAt().isBefore(graceStart))
            .toList());
  }

  Set<String> ids() {
    return unrecorded.stream().map(RecordingSink.Hit::callId).collect(Collectors.toSet());
  }

  /** A figure for the reports: "journal N (sink M)". */
  String figure() {
    return unrecorded.size()
        + " by the journal ("
        + sinkInFlight.size()
        + " unanswered at the sink)";
  }

  /** Duplicates come only from the dead node's unrecorded attempts, with no other cause. */
  void assertBounds(Oracle.Report report) {
    List<String> crashDuplicates = report.duplicatedAfterInterruption();
    assertAll(
        () ->
            assertTrue(
                crashDuplicates.size() <= unrecorded.size() && ids().containsAll(crashDuplicates),
                "duplicates by the crash "
                    + crashDuplicates
                    + " only among the dead node's unrecorded attempts "
                    + ids()),
        () ->
            assertEquals(
                List.of(),
                answeredLongBefore,
                "answers the dead node held unrecorded for more than " + RECORD_GRACE),
        () -> assertEquals(List.of(), report.duplicatedOther(), "duplicates of no known cause"),
        () ->
            assertEquals(
                List.of(), report.duplicatesWithDifferentKeys(), "copies share one webhook-id"));
  }
}
