package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A node with three tenants (tenant-a signs with {@link #SECRET_A}), quick delivery retries, a
 * loopback target that plays both the calls' sink and the subscriber, and a JDBC view of the
 * subscription outlet's stored offset. Stop it in every outcome.
 */
final class SubscriptionRig implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String KEY_C = "key-for-tenant-c";
  static final String SECRET_A = secret();
  private static final ObjectMapper JSON = new ObjectMapper();

  final TargetServer target;
  final TestNode node;
  private final String jdbcUrl;
  private final String user;

  SubscriptionRig(String jdbcUrl, String user) throws Exception {
    this.jdbcUrl = jdbcUrl;
    this.user = user.isEmpty() ? "sa" : user;
    target = new TargetServer();
    try {
      node =
          TestNode.start(
              jdbcUrl,
              user,
              target.port(),
              Map.of(
                  "orchestrator.api-keys",
                  TestNode.KEY_A
                      + "=tenant-a,"
                      + TestNode.KEY_B
                      + "=tenant-b,"
                      + KEY_C
                      + "=tenant-c",
                  "orchestrator.signing-secrets",
                  "tenant-a=" + SECRET_A,
                  "orchestrator.event-subscriptions.delivery.retry.initial-backoff",
                  "100ms",
                  "orchestrator.event-subscriptions.delivery.retry.max-backoff",
                  "200ms"));
    } catch (Exception | Error e) {
      target.close();
      throw e;
    }
  }

  private static String secret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  static String path(String tenant) {
    return "/api/v1/tenants/" + tenant + "/event-subscription";
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  static String deliveryId(String tenant, long offset) {
    return ServiceCallId.forEventDelivery(new TenantId(tenant), offset).callId();
  }

  /** Submits a call to {@code sinkPath}, due now, and waits until it has succeeded. */
  String runToSuccess(ApiClient api, String tenant, String sinkPath) {
    var r =
        api.submit(
            tenant, "{\"request\":{\"method\":\"POST\",\"url\":\"" + target.url(sinkPath) + "\"}}");
    assertEquals(201, r.status(), r.body());
    String id = r.json().get("serviceCallId").asText();
    awaitStatus(api, tenant, id, "SUCCEEDED");
    return id;
  }

  void awaitStatus(ApiClient api, String tenant, String id, String status) {
    Await.until(
        WAIT,
        id + " " + status,
        () -> {
          var c = api.call(tenant, id);
          return c.status() == 200 && status.equals(c.json().get("status").asText());
        });
  }

  /** Requests the subscriber got on {@code hookPath} about call {@code callId}, by offset. */
  List<TargetServer.Received> deliveriesOf(String hookPath, String callId) {
    return target.receivedOn(hookPath).stream()
        .filter(r -> callId.equals(json(r.body()).get("serviceCallId").asText()))
        .sorted(Comparator.comparingLong(r -> json(r.body()).get("offset").asLong()))
        .toList();
  }

  /** The tenant's whole event stream so far. */
  List<JsonNode> events(ApiClient api, String tenant) {
    List<JsonNode> all = new ArrayList<>();
    long after = 0;
    while (true) {
      var page = api.get("/api/v1/tenants/" + tenant + "/events?limit=1000&after=" + after);
      assertEquals(200, page.status(), page.body());
      page.json().get("events").forEach(all::add);
      long next = page.json().get("next").asLong();
      if (next == after) {
        return all;
      }
      after = next;
    }
  }

  long outletOffset() {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT last_offset FROM outlet_offsets WHERE outlet_name = 'event-subscriptions'");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Waits until the outlet has handled every event up to {@code offset}. */
  void awaitOutletPast(long offset) {
    Await.until(WAIT, "subscription outlet past offset " + offset, () -> outletOffset() >= offset);
  }

  /** Sets the outlet's offset back, as if it had crashed before storing any later one. */
  void rewindOutlet(long offset) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE outlet_offsets SET last_offset = ? WHERE outlet_name = 'event-subscriptions'")) {
      ps.setLong(1, offset);
      assertEquals(1, ps.executeUpdate());
    }
  }

  @Override
  public void close() {
    try {
      node.close();
    } finally {
      target.close();
    }
  }
}
