package dev.orchestrator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedLabelsTest {
  @Test
  void firstNLabelsGetTheirOwnMeters_laterOnesShareOther() {
    var registry = new SimpleMeterRegistry();
    var labels = new BoundedLabels<>(3, t -> new TenantMeters(registry, t));
    for (int i = 0; i < 50; i++) {
      labels.get("tenant-" + i).submissions.increment();
    }
    labels.get("tenant-0").submissions.increment();

    assertEquals(3, labels.size());
    var tenants =
        registry.find("orchestrator.tenant.submissions").counters().stream()
            .map(c -> c.getId().getTag("tenant"))
            .sorted()
            .toList();
    // The bound holds on the registry itself: 3 own label values plus the shared one.
    assertEquals(List.of("_other", "tenant-0", "tenant-1", "tenant-2"), tenants);
    assertEquals(
        2,
        registry
            .get("orchestrator.tenant.submissions")
            .tag("tenant", "tenant-0")
            .counter()
            .count());
    assertEquals(
        47,
        registry.get("orchestrator.tenant.submissions").tag("tenant", "_other").counter().count());
    assertSame(labels.get("tenant-1"), labels.get("tenant-1"));
    assertSame(labels.get("tenant-99"), labels.get("tenant-98"));
  }

  @Test
  void boundHoldsUnderConcurrentFirstUse() throws Exception {
    var labels = new BoundedLabels<>(10, t -> new Object());
    var pool = Executors.newFixedThreadPool(8);
    var go = new CountDownLatch(1);
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int worker = w;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 1000; i++) {
                    labels.get("t-" + worker + "-" + i);
                  }
                  return null;
                }));
      }
      go.countDown();
      for (var f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(10, labels.size());
  }

  @Test
  void zeroMeansEveryTenantIsOther() {
    var labels = new BoundedLabels<>(0, t -> t);
    assertEquals(BoundedLabels.OTHER, labels.get("a"));
    assertEquals(0, labels.size());
  }
}
