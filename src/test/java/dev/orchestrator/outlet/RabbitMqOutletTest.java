package dev.orchestrator.outlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.FaultProxy;
import dev.orchestrator.testing.RabbitBroker;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RabbitMQ outlet against the real broker on 127.0.0.1:5672: a topic exchange, routing key
 * {@code <tenant>.<event type>}, persistent JSON messages in offset order, and nothing skipped when
 * the broker was unreachable for a while (offsets advance only after confirms).
 */
class RabbitMqOutletTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> LIFECYCLE =
      List.of("ServiceCallScheduled", "ExecutionStarted", "ServiceCallSucceeded");

  private final String exchange = "orchestrator-test-" + UUID.randomUUID();
  private Connection broker;
  private Channel channel;
  private TargetServer target;

  @BeforeEach
  void setUp() throws Exception {
    RabbitBroker.assumeAvailable();
    broker = RabbitBroker.connect();
    channel = broker.createChannel();
    // Same declaration as the outlet's, so the test can bind its queues before the first publish.
    channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
    target = new TargetServer();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (target != null) {
      target.close();
    }
    if (channel != null) {
      channel.exchangeDelete(exchange);
      broker.close();
    }
  }

  private String queueBoundTo(String pattern) throws Exception {
    String q = channel.queueDeclare().getQueue();
    channel.queueBind(q, exchange, pattern);
    return q;
  }

  private TestNode node(String uri) throws Exception {
    return TestNode.start(
        TestNode.h2Memory("outlet"),
        "",
        target.port(),
        Map.of(
            "orchestrator.outlets.rabbitmq.enabled", "on",
            "orchestrator.outlets.rabbitmq.uri", uri,
            "orchestrator.outlets.rabbitmq.exchange", exchange,
            "orchestrator.outlets.rabbitmq.min-backoff", "200ms",
            "orchestrator.outlets.rabbitmq.max-backoff", "1s"));
  }

  private String submit(ApiClient api, String tenant) {
    var r =
        api.submit(
            tenant,
            "{\"request\":{\"method\":\"POST\",\"url\":\"" + target.url("/outlet") + "\"}}");
    assertEquals(201, r.status(), r.body());
    return r.json().get("serviceCallId").asText();
  }

  /** Messages taken from {@code queue} until {@code n} arrived or the deadline passed. */
  private List<GetResponse> take(String queue, int n) throws Exception {
    List<GetResponse> got = new ArrayList<>();
    Await.until(
        WAIT,
        n + " messages on " + queue,
        () -> {
          try {
            GetResponse r;
            while (got.size() < n && (r = channel.basicGet(queue, true)) != null) {
              got.add(r);
            }
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
          return got.size() >= n;
        });
    return got;
  }

  private static JsonNode body(GetResponse r) throws Exception {
    return JSON.readTree(r.getBody());
  }

  @Test
  void lifecycleEvents_arePublishedPersistent_withTenantAndTypeRoutingKeys_inOffsetOrder()
      throws Exception {
    String tenantA = queueBoundTo("tenant-a.#");
    String succeeded = queueBoundTo("*.ServiceCallSucceeded");
    try (TestNode node = node(RabbitBroker.URI)) {
      String a = submit(node.client(TestNode.KEY_A), "tenant-a");
      String b = submit(node.client(TestNode.KEY_B), "tenant-b");

      List<GetResponse> mine = take(tenantA, 3);
      assertEquals(
          LIFECYCLE.stream().map(t -> "tenant-a." + t).toList(),
          mine.stream().map(r -> r.getEnvelope().getRoutingKey()).toList());
      long previous = 0;
      for (GetResponse r : mine) {
        JsonNode m = body(r);
        assertEquals(a, m.get("serviceCallId").asText());
        assertEquals("tenant-a", m.get("tenantId").asText());
        assertEquals(2, r.getProps().getDeliveryMode(), "persistent");
        assertEquals("application/json", r.getProps().getContentType());
        assertEquals(Long.toString(m.get("offset").asLong()), r.getProps().getMessageId());
        assertTrue(m.get("offset").asLong() > previous, "offset order");
        previous = m.get("offset").asLong();
      }
      assertEquals("SUCCEEDED", body(mine.get(2)).get("data").get("status").asText());

      List<GetResponse> done = take(succeeded, 2);
      assertEquals(
          java.util.Set.of(a, b),
          java.util.Set.of(
              body(done.get(0)).get("serviceCallId").asText(),
              body(done.get(1)).get("serviceCallId").asText()));
      // tenant-b's events never reach a queue bound to tenant-a.
      assertEquals(0, channel.messageCount(tenantA));
    }
  }

  @Test
  void brokerUnreachable_thenBack_everyEventArrivesOnce_inOrder() throws Exception {
    String all = queueBoundTo("#");
    try (FaultProxy proxy = FaultProxy.start(5672)) {
      proxy.mode(new FaultProxy.Refuse());
      try (TestNode node = node("amqp://guest:guest@127.0.0.1:" + proxy.port())) {
        var api = node.client(TestNode.KEY_A);
        List<String> ids = List.of(submit(api, "tenant-a"), submit(api, "tenant-a"));
        // Let the calls finish while the broker cannot be reached: nothing may be published.
        for (String id : ids) {
          Await.value(
              WAIT,
              id + " succeeded",
              () -> api.call("tenant-a", id),
              r -> "SUCCEEDED".equals(r.json().get("status").asText()));
        }
        assertEquals(0, channel.messageCount(all));

        proxy.mode(new FaultProxy.Pass());
        List<GetResponse> got = take(all, 6);
        List<Long> offsets = new ArrayList<>();
        for (GetResponse r : got) {
          offsets.add(body(r).get("offset").asLong());
        }
        assertEquals(offsets.stream().sorted().distinct().toList(), offsets, "in order, once");
        for (String id : ids) {
          assertEquals(
              LIFECYCLE,
              got.stream()
                  .map(RabbitMqOutletTest::uncheckedBody)
                  .filter(m -> id.equals(m.get("serviceCallId").asText()))
                  .map(m -> m.get("type").asText())
                  .toList());
        }
      }
    }
  }

  private static JsonNode uncheckedBody(GetResponse r) {
    try {
      return body(r);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
