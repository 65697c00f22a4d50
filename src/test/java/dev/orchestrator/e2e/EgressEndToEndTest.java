package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.egress.HostResolver;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY S7 through the whole service: the egress policy at submit and again at connect time
 * (DNS rebinding), and the node's own ports refused even when loopback is allowed.
 */
class EgressEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Answers a public address first (the submit-time check), then loopback (the attack). */
  private static final class RebindingResolver implements HostResolver {
    private final AtomicInteger lookups = new AtomicInteger();

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
      if (!host.equals("rebind.example")) {
        throw new UnknownHostException(host);
      }
      byte[] address =
          lookups.getAndIncrement() == 0
              ? new byte[] {93, (byte) 184, (byte) 215, 14}
              : new byte[] {127, 0, 0, 1};
      return List.of(InetAddress.getByAddress(host, address));
    }
  }

  @Test
  void hostRebindingToLoopbackAfterSubmit_isRefusedAtConnectAndTargetSeesNothing()
      throws Exception {
    try (var target = new TargetServer();
        var node =
            TestNode.start(
                TestNode.h2Memory("rebind"),
                "",
                target.port(),
                Map.of("orchestrator.outbound-allow-hosts", ""),
                new RebindingResolver())) {
      var api = node.client(TestNode.KEY_A);
      var submitted =
          api.submit(
              "tenant-a",
              LifecycleContract.spec(
                  "http://rebind.example:" + target.port() + "/secret", Instant.now(), ""));
      assertEquals(201, submitted.status(), submitted.body());
      String id = submitted.json().get("serviceCallId").asText();

      var done =
          Await.value(
              WAIT,
              "the call to fail",
              () -> api.call("tenant-a", id),
              r -> "FAILED".equals(r.json().path("status").asText()));

      assertEquals("DESTINATION_NOT_ALLOWED", done.json().get("error").get("kind").asText());
      assertEquals(1, done.json().get("attempts").asInt());
      assertTrue(target.received().isEmpty(), "nothing reached the loopback target");
    }
  }

  @Test
  void defaultPolicy_refusesLoopbackTargetsAtSubmit() throws Exception {
    try (var target = new TargetServer();
        var node =
            TestNode.start(
                TestNode.h2Memory("noloop"),
                "",
                target.port(),
                Map.of("orchestrator.outbound-allow-hosts", ""))) {
      var r =
          node.client(TestNode.KEY_A)
              .submit("tenant-a", LifecycleContract.spec(target.url("/x"), Instant.now(), ""));

      assertEquals(400, r.status(), r.body());
      assertEquals("/request/url", r.json().get("errors").get(0).get("pointer").asText());
    }
  }

  @Test
  void loopbackAllowed_stillRefusesTheNodesOwnPortsButReachesTheTarget() throws Exception {
    try (var target = new TargetServer();
        var node =
            TestNode.start(
                TestNode.h2Memory("ownports"),
                "",
                target.port(),
                Map.of("orchestrator.outbound-allow-hosts", "127.0.0.1/32"))) {
      var api = node.client(TestNode.KEY_A);
      int clusterPort =
          node.node().system().settings().config().getInt("pekko.remote.artery.canonical.port");
      for (int own : List.of(node.port(), clusterPort, 5432)) {
        var r =
            api.submit(
                "tenant-a",
                LifecycleContract.spec("http://127.0.0.1:" + own + "/", Instant.now(), ""));
        assertEquals(400, r.status(), "own port " + own + ": " + r.body());
      }

      var ok =
          api.submit("tenant-a", LifecycleContract.spec(target.url("/fine"), Instant.now(), ""));
      assertEquals(201, ok.status(), ok.body());
      Await.until(
          WAIT, "delivery to the allowed target", () -> target.receivedOn("/fine").size() == 1);
    }
  }
}
