package dev.orchestrator.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.testing.FakeHttpInvoker;
import dev.orchestrator.testing.ServiceCallFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitedInvokerTest {
  private static OutboundRequest to(String host, int n) {
    return new OutboundRequest(
        new ServiceCallId(new TenantId("acme"), "c" + n),
        new CallRequest("GET", "http://" + host + ":8080/x", Map.of(), null),
        1,
        "c" + n,
        null,
        Duration.ofSeconds(1));
  }

  private static long inFlightTo(FakeHttpInvoker fake, List<Integer> done, String host) {
    var sent = fake.requests();
    long count = 0;
    for (int i = 0; i < sent.size(); i++) {
      if (!done.contains(i) && sent.get(i).request().url().contains(host)) {
        count++;
      }
    }
    return count;
  }

  @Test
  void invoke_burstToOneHost_sendsAtMostPerHostAndQueuesTheRestInOrder() {
    var fake = new FakeHttpInvoker();
    var limited = new ConcurrencyLimitedInvoker(fake, 2, 10);
    List<CompletionStage<?>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(limited.invoke(to("a.example", i)));
    }

    assertEquals(2, fake.requests().size());
    fake.complete(0, ServiceCallFixtures.success());
    assertEquals(3, fake.requests().size());
    assertEquals("c2", fake.requests().get(2).idempotencyKey(), "first come, first sent");
    assertTrue(results.get(0).toCompletableFuture().isDone());
  }

  @Test
  void invoke_busyHost_doesNotStarveAnotherHostOfTheGlobalBudget() {
    var fake = new FakeHttpInvoker();
    var limited = new ConcurrencyLimitedInvoker(fake, 2, 3);
    for (int i = 0; i < 4; i++) {
      limited.invoke(to("busy.example", i));
    }
    limited.invoke(to("quiet.example", 99));

    // busy took 2 (its own limit), quiet got the third global slot despite arriving last.
    assertEquals(3, fake.requests().size());
    assertEquals("c99", fake.requests().get(2).idempotencyKey());
  }

  @Test
  void invoke_randomCompletions_neverExceedLimitsAndFinishEverything() {
    var fake = new FakeHttpInvoker();
    var limited = new ConcurrencyLimitedInvoker(fake, 3, 5);
    var random = new Random(42);
    List<CompletionStage<?>> results = new ArrayList<>();
    String[] hosts = {"h1.example", "h2.example", "h3.example"};
    for (int i = 0; i < 60; i++) {
      results.add(limited.invoke(to(hosts[random.nextInt(3)], i)));
    }
    List<Integer> done = new ArrayList<>();
    while (done.size() < 60) {
      for (String h : hosts) {
        assertTrue(inFlightTo(fake, done, h) <= 3, "per-host limit for " + h);
      }
      assertTrue(limited.inFlight() <= 5, "global limit");
      List<Integer> open = new ArrayList<>();
      for (int i = 0; i < fake.requests().size(); i++) {
        if (!done.contains(i)) {
          open.add(i);
        }
      }
      int pick = open.get(random.nextInt(open.size()));
      fake.complete(pick, ServiceCallFixtures.success());
      done.add(pick);
    }
    assertEquals(0, limited.inFlight());
    assertTrue(results.stream().allMatch(r -> r.toCompletableFuture().isDone()));
  }
}
