package dev.orchestrator.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WakeDeliveriesTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  final WakeDeliveries d = new WakeDeliveries(Duration.ofSeconds(2), Duration.ofSeconds(10));

  @Test
  void probesUntilAWakeIsAnswered() {
    assertFalse(d.delivering(T0), "nothing confirmed at the start");
    d.sent("a", T0);
    assertFalse(d.delivering(T0.plusSeconds(1)));
    d.answered("a");
    assertTrue(d.delivering(T0.plusSeconds(1)));
  }

  @Test
  void aWakeUnansweredPastPatienceStopsFullBatchesUntilItIsAnswered() {
    d.sent("probe", T0);
    d.answered("probe");
    d.sent("b", T0.plusSeconds(1));
    assertTrue(d.delivering(T0.plusSeconds(2)), "young unanswered wakes are normal");
    assertFalse(d.delivering(T0.plusMillis(3001)), "b is buffered somewhere");
    d.sent("c", T0.plusSeconds(4));
    assertFalse(d.delivering(T0.plusSeconds(4)), "still stalled: b unanswered");
    d.answered("b");
    assertTrue(d.delivering(T0.plusSeconds(4)), "b's late answer shows deliveries flow again");
  }

  @Test
  void aWakeLostWithANodeIsForgottenAfterGiveUp() {
    d.sent("probe", T0);
    d.answered("probe");
    d.sent("lost", T0);
    assertFalse(d.delivering(T0.plusSeconds(5)));
    assertEquals(1, d.outstanding());
    d.sent("next", T0.plusSeconds(10));
    d.answered("next");
    assertTrue(d.delivering(T0.plusMillis(10_001)), "lost wake dropped, deliveries confirmed");
    assertEquals(0, d.outstanding());
  }

  @Test
  void abandonedWakesNoLongerCount() {
    d.sent("probe", T0);
    d.answered("probe");
    d.sent("x", T0);
    d.abandoned("x");
    assertTrue(d.delivering(T0.plusSeconds(5)));
  }

  @Test
  void answersForUnknownWakesDoNotConfirm() {
    d.answered("never-sent");
    assertFalse(d.delivering(T0));
  }

  @Test
  void allowance_leavesAtMostOneBatchUnanswered() {
    d.sent("a", T0);
    d.answered("a");
    assertEquals(5, d.allowance(T0, 5), "deliveries flow, nothing unanswered: a full batch");
    for (String id : List.of("b", "c", "d")) {
      d.sent(id, T0);
    }
    assertEquals(2, d.allowance(T0.plusMillis(500), 5), "three young wakes unanswered");
    d.sent("e", T0);
    d.sent("f", T0);
    assertEquals(0, d.allowance(T0.plusMillis(500), 5), "a whole batch unanswered: none");
    d.answered("b");
    assertEquals(1, d.allowance(T0.plusMillis(600), 5));
  }

  @Test
  void allowance_stalled_probesOnlyWhileLessThanABatchIsUnanswered() {
    d.sent("a", T0);
    assertEquals(1, d.allowance(T0.plusSeconds(3), 5), "stalled: one probe");
    for (String id : List.of("b", "c", "d", "e")) {
      d.sent(id, T0.plusSeconds(3));
    }
    assertEquals(0, d.allowance(T0.plusSeconds(4), 5), "stalled and a batch unanswered");
  }

  @Test
  void mayWake_onlyWhileFewerThanTheWindowAreUnanswered() {
    d.sent("a", T0);
    d.sent("b", T0);
    assertTrue(d.mayWake(3));
    d.sent("c", T0);
    assertFalse(d.mayWake(3), "three unanswered, window three");
    d.answered("a");
    assertTrue(d.mayWake(3));
  }
}
