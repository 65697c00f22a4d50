package dev.orchestrator.testing.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainShapeTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void evenDrain_hasItsRateAsMeanAndWindowAndSmallBuckets() {
    List<Instant> arrivals = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      arrivals.add(T0.plusMillis(i * 10L)); // 100/s for 3 s
    }
    DrainShape d = DrainShape.of(arrivals);
    assertEquals(300, d.count());
    assertEquals(2990, d.span().toMillis());
    assertEquals(100.3, d.meanPerSecond(), 0.1);
    assertEquals(100, d.maxPerSecond());
    assertEquals(10, d.max100ms());
  }

  @Test
  void stampede_showsInTheBusiestBucket() {
    List<Instant> arrivals = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      arrivals.add(T0.plusMillis(i % 5)); // a whole second's wakes within 5 ms
    }
    arrivals.add(T0.plusSeconds(5));
    DrainShape d = DrainShape.of(arrivals);
    assertEquals(100, d.max100ms());
    assertEquals(100, d.maxPerSecond());
  }

  @Test
  void none_isEmpty() {
    DrainShape d = DrainShape.of(List.of());
    assertEquals(0, d.count());
    assertEquals(0, d.span().toMillis());
  }
}
