package dev.orchestrator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String VALID = "00-" + TRACE + "-00f067aa0ba902b7-01";

  @Test
  void validTraceparent_isParsedWithItsTracestate() {
    var t = TraceContext.parse(VALID, "congo=t61rcWkgMzE").orElseThrow();
    assertEquals(TRACE, t.traceId());
    assertEquals("00f067aa0ba902b7", t.parentId());
    assertEquals("01", t.flags());
    assertEquals("congo=t61rcWkgMzE", t.traceState());
  }

  @Test
  void futureVersion_isReadAsVersion00() {
    var t = TraceContext.parse("cc-" + TRACE + "-00f067aa0ba902b7-01-what-the-future", null);
    assertEquals(TRACE, t.orElseThrow().traceId());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x"
      })
  void invalidTraceparent_isIgnored(String header) {
    assertTrue(TraceContext.parse(header, "a=b").isEmpty(), header);
  }

  @Test
  void unusableTracestate_isDropped() {
    assertNull(TraceContext.parse(VALID, "a=b\r\nX-Evil: 1").orElseThrow().traceState());
    assertNull(TraceContext.parse(VALID, "x".repeat(513)).orElseThrow().traceState());
    assertNull(TraceContext.parse(VALID, " ").orElseThrow().traceState());
  }

  @Test
  void attempts_shareTheTraceId_andEachHasItsOwnStableSpanId() {
    var t = TraceContext.parse(VALID, null).orElseThrow();
    Set<String> spans = new HashSet<>();
    for (int attempt = 1; attempt <= 50; attempt++) {
      String tp = t.traceparentFor("call-1", attempt);
      var child = TraceContext.parse(tp, null).orElseThrow();
      assertEquals(TRACE, child.traceId());
      assertEquals("01", child.flags());
      assertNotEquals(t.parentId(), child.parentId());
      spans.add(child.parentId());
    }
    assertEquals(50, spans.size());
    assertEquals(t.traceparentFor("call-1", 3), t.traceparentFor("call-1", 3));
    assertNotEquals(t.traceparentFor("call-1", 3), t.traceparentFor("call-2", 3));
  }

  @Test
  void newTrace_isValidAndUnsampled() {
    var t = TraceContext.newTrace(new Random(7));
    var again = TraceContext.parse(t.traceparentFor("c", 1), null).orElseThrow();
    assertEquals(t.traceId(), again.traceId());
    assertEquals("00", again.flags());
    assertNotEquals(t.traceId(), TraceContext.newTrace(new Random(8)).traceId());
  }
}
