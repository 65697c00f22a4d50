package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.SubscriptionRig.WAIT;
import static dev.orchestrator.e2e.SubscriptionRig.deliveryId;
import static dev.orchestrator.e2e.SubscriptionRig.json;
import static dev.orchestrator.e2e.SubscriptionRig.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer.Received;
import dev.orchestrator.testing.TargetServer.Reply;
import dev.orchestrator.testing.TestNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Event subscriptions over real HTTP, once per database: a subscriber (a loopback server) gets each
 * lifecycle event of the tenant's calls once, as a signed POST made by a delivery call; a failing
 * subscriber is retried; deliveries never feed back into deliveries; a repeated round makes no new
 * calls; bad subscriptions are refused; a deleted one stops deliveries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventSubscriptionContract {
  private static final List<String> LIFECYCLE =
      List.of("ServiceCallScheduled", "ExecutionStarted", "ServiceCallSucceeded");
  private static final String JSON = "application/json";

  private SubscriptionRig rig;
  private ApiClient a;
  private ApiClient b;
  private ApiClient c;

  protected abstract String[] database() throws Exception;

  protected void releaseDatabase() {}

  @BeforeAll
  void start() throws Exception {
    String[] db = database();
    rig = new SubscriptionRig(db[0], db[1]);
    a = rig.node.client(TestNode.KEY_A);
    b = rig.node.client(TestNode.KEY_B);
    c = rig.node.client(SubscriptionRig.KEY_C);
  }

  @AfterAll
  void stop() {
    try {
      if (rig != null) {
        rig.close();
      }
    } finally {
      releaseDatabase();
    }
  }

  private String subscription(String hookPath, String more) {
    return "{\"url\":\"" + rig.target.url(hookPath) + "\"" + more + "}";
  }

  @Test
  void subscriber_getsEachEventOnce_signed_withItsHeaders_andDeliveriesAreNotDelivered()
      throws Exception {
    String hook = "/hook-a-" + UUID.randomUUID();
    var put =
        a.put(
            path("tenant-a"),
            JSON,
            subscription(
                hook, ",\"headers\":{\"Authorization\":\"Bearer hook\",\"X-Hook\":\"a\"}"));
    assertTrue(put.status() == 201 || put.status() == 200, put.body());
    assertEquals("***", put.json().get("headers").get("Authorization").asText(), put.body());
    assertEquals("a", put.json().get("headers").get("X-Hook").asText(), put.body());
    assertEquals(put.json(), a.get(path("tenant-a")).json());

    // Another tenant's call first: its events come before tenant-a's in the stream, and must not
    // reach tenant-a's subscriber.
    rig.runToSuccess(b, "tenant-b", "/sink-b");
    String id = rig.runToSuccess(a, "tenant-a", "/sink-a");
    List<Received> got =
        Await.value(WAIT, "3 deliveries", () -> rig.deliveriesOf(hook, id), l -> l.size() >= 3);
    assertEquals(LIFECYCLE, got.stream().map(r -> json(r.body()).get("type").asText()).toList());
    // The README's delay figure: from the event to its delivery's arrival, per event.
    System.out.println(
        "event-subscription delay (ms, event to arrival): "
            + got.stream()
                .map(
                    r ->
                        java.time.Duration.between(
                                java.time.Instant.parse(json(r.body()).get("occurredAt").asText()),
                                r.at())
                            .toMillis())
                .toList());
    var receiver = new Webhook(SubscriptionRig.SECRET_A);
    for (Received r : got) {
      receiver.verify(r.body(), r.headers());
      JsonNode body = json(r.body());
      assertEquals(deliveryId("tenant-a", body.get("offset").asLong()), r.header("webhook-id"));
      assertEquals("tenant-a", body.get("tenantId").asText(), r.body());
      assertTrue(body.get("data").has("status"), r.body());
      assertEquals("Bearer hook", r.header("Authorization"));
      assertEquals("a", r.header("X-Hook"));
      assertEquals(JSON, r.header("Content-Type"));
      assertEquals("POST", r.method());
    }

    // The delivery calls' own events are in the stream; once the outlet is past them, none of them
    // has a delivery call of its own (that would be a delivery per delivery, for ever).
    Set<String> deliveries = new HashSet<>();
    got.forEach(r -> deliveries.add(r.header("webhook-id")));
    deliveries.forEach(d -> rig.awaitStatus(a, "tenant-a", d, "SUCCEEDED"));
    List<JsonNode> theirs =
        Await.value(
            WAIT,
            "the delivery calls' events in the stream",
            () -> ofCalls(rig.events(a, "tenant-a"), deliveries),
            l -> l.stream().filter(e -> isSucceeded(e)).count() == 3);
    long last = theirs.get(theirs.size() - 1).get("offset").asLong();
    rig.awaitOutletPast(last);
    for (JsonNode e : theirs) {
      long offset = e.get("offset").asLong();
      assertEquals(404, a.call("tenant-a", deliveryId("tenant-a", offset)).status(), e.toString());
    }
    assertEquals(3, rig.deliveriesOf(hook, id).size(), "each event exactly once");
    for (Received r : rig.target.receivedOn(hook)) {
      assertEquals("tenant-a", json(r.body()).get("tenantId").asText(), r.body());
    }

    // A round repeated from the start (a crash before its offset was stored) submits the same
    // calls again: their entities answer as repeats, nothing is sent twice.
    long first = json(got.get(0).body()).get("offset").asLong();
    rig.rewindOutlet(first - 1);
    rig.awaitOutletPast(last);
    assertEquals(3, rig.deliveriesOf(hook, id).size(), "nothing sent again");
    for (String d : deliveries) {
      var history = a.get("/api/v1/tenants/tenant-a/service-calls/" + d + "/history");
      assertEquals(3, history.json().get("events").size(), history.body());
    }
  }

  private static List<JsonNode> ofCalls(List<JsonNode> events, Set<String> callIds) {
    return events.stream().filter(e -> callIds.contains(e.get("serviceCallId").asText())).toList();
  }

  private static boolean isSucceeded(JsonNode e) {
    return "ServiceCallSucceeded".equals(e.get("type").asText());
  }

  @Test
  void failingSubscriber_isRetried_untilTheEventArrives_andTypesFilter() {
    String hook = "/hook-b-" + UUID.randomUUID();
    rig.target.script(hook, Reply.status(500), Reply.status(500));
    var put =
        b.put(
            path("tenant-b"),
            JSON,
            subscription(hook, ",\"eventTypes\":[\"ServiceCallSucceeded\"]"));
    assertTrue(put.status() == 201 || put.status() == 200, put.body());

    String id = rig.runToSuccess(b, "tenant-b", "/sink-b");
    List<Received> got =
        Await.value(WAIT, "3 attempts", () -> rig.deliveriesOf(hook, id), l -> l.size() >= 3);
    String delivery = deliveryId("tenant-b", json(got.get(0).body()).get("offset").asLong());
    rig.awaitStatus(b, "tenant-b", delivery, "SUCCEEDED");
    assertEquals(3, rig.deliveriesOf(hook, id).size());
    for (int i = 0; i < got.size(); i++) {
      Received r = got.get(i);
      assertEquals("ServiceCallSucceeded", json(r.body()).get("type").asText(), r.body());
      assertEquals(delivery, r.header("Idempotency-Key"));
      assertEquals(String.valueOf(i + 1), r.header("X-Attempt"));
      assertNull(r.header("webhook-signature"), "tenant-b has no signing secret");
    }
    var call = b.call("tenant-b", delivery).json();
    assertEquals(3, call.get("attempts").asInt(), call.toString());
    assertEquals(id, call.get("correlationId").asText(), call.toString());
    assertTrue(call.get("tags").toString().contains("event-delivery"), call.toString());
  }

  @Test
  void badSubscriptions_areRefusedWithProblems_andStoreNothing() {
    String url = rig.target.url("/hook-c");
    assertInvalid("{\"url\":\"http://169.254.169.254/latest\"}", "/url");
    assertInvalid("{\"url\":\"ftp://example.com/hook\"}", "/url");
    assertInvalid("{\"eventTypes\":[]}", "/url");
    assertInvalid("{\"url\":\"" + url + "\",\"eventTypes\":[\"Nope\"]}", "/eventTypes/0");
    assertInvalid(
        "{\"url\":\"" + url + "\",\"eventTypes\":[\"ExecutionStarted\",\"ExecutionStarted\"]}",
        "/eventTypes/1");
    assertInvalid(
        "{\"url\":\"" + url + "\",\"headers\":{\"Content-Type\":\"text/plain\"}}",
        "/headers/Content-Type");
    assertInvalid(
        "{\"url\":\"" + url + "\",\"headers\":{\"webhook-signature\":\"v1,x\"}}",
        "/headers/webhook-signature");
    assertInvalid("{\"url\":\"" + url + "\",\"colour\":\"red\"}", "/colour");
    var notJson = c.put(path("tenant-c"), JSON, "{\"url\":");
    assertEquals(400, notJson.status(), notJson.body());
    assertTrue(notJson.json().get("type").asText().endsWith("/malformed-json"), notJson.body());
    var text = c.put(path("tenant-c"), "text/plain", "{\"url\":\"" + url + "\"}");
    assertEquals(415, text.status(), text.body());
    assertEquals(404, c.get(path("tenant-c")).status());
  }

  private void assertInvalid(String body, String pointer) {
    var r = c.put(path("tenant-c"), JSON, body);
    assertEquals(400, r.status(), body + " -> " + r.body());
    assertEquals("application/problem+json", r.contentType(), r.body());
    assertTrue(r.json().get("type").asText().endsWith("/validation"), r.body());
    assertEquals(pointer, r.json().get("errors").get(0).get("pointer").asText(), r.body());
  }

  @Test
  void replacedSubscription_keepsItsStart_andADeletedOne_stopsDeliveries() {
    String hook = "/hook-c-" + UUID.randomUUID();
    var created = c.put(path("tenant-c"), JSON, subscription(hook, ""));
    assertEquals(201, created.status(), created.body());
    assertEquals(path("tenant-c"), created.header("Location"));
    var replaced =
        c.put(
            path("tenant-c"), JSON, subscription(hook, ",\"eventTypes\":[\"ServiceCallFailed\"]"));
    assertEquals(200, replaced.status(), replaced.body());
    for (String field : List.of("afterOffset", "createdAt", "url")) {
      assertEquals(created.json().get(field), replaced.json().get(field), field);
    }
    assertEquals("[\"ServiceCallFailed\"]", replaced.json().get("eventTypes").toString());
    assertEquals(204, c.delete(path("tenant-c")).status());
    assertEquals(404, c.get(path("tenant-c")).status());
    assertEquals(404, c.delete(path("tenant-c")).status());

    String id = rig.runToSuccess(c, "tenant-c", "/sink-c");
    List<JsonNode> mine =
        Await.value(
            WAIT,
            "the call's events in the stream",
            () -> ofCalls(rig.events(c, "tenant-c"), Set.of(id)),
            l -> l.stream().anyMatch(e -> isSucceeded(e)));
    rig.awaitOutletPast(mine.get(mine.size() - 1).get("offset").asLong());
    for (JsonNode e : mine) {
      long offset = e.get("offset").asLong();
      assertEquals(404, c.call("tenant-c", deliveryId("tenant-c", offset)).status());
    }
    assertFalse(rig.target.received().stream().anyMatch(r -> r.path().equals(hook)));
  }
}
