package dev.orchestrator.e2e.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.FaultTarget;
import dev.orchestrator.testing.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-JVM node on H2 for the fault suites, allowed to call any 127.0.0.1 port, plus the API
 * steps they share: submit a call with the suites' short retry policy, wait for its end, read the
 * outcome. Retries are 3 attempts with 0.1–0.2 s backoff, so a retried case ends in seconds.
 */
final class FaultNode implements ExtensionContext.Store.CloseableResource {
  static final int MAX_ATTEMPTS = 3;
  static final String TENANT_A = "tenant-a";
  static final String TENANT_B = "tenant-b";
  private static final String RETRY =
      "{\"maxAttempts\":"
          + MAX_ATTEMPTS
          + ",\"initialBackoff\":\"PT0.1S\",\"maxBackoff\":\"PT0.2S\"}";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  /** A call's state as the API shows it once it ended. */
  record Outcome(
      String id,
      String status,
      int attempts,
      String errorKind,
      String errorMessage,
      int responseStatus,
      String bodySnippet,
      Instant startedAt,
      Instant finishedAt) {
    static Outcome of(JsonNode j) {
      JsonNode error = j.path("error");
      JsonNode response = j.path("response");
      return new Outcome(
          j.get("serviceCallId").asText(),
          j.get("status").asText(),
          j.get("attempts").asInt(),
          error.path("kind").asText(null),
          error.path("message").asText(null),
          response.path("statusCode").asInt(0),
          response.path("bodySnippet").asText(null),
          j.hasNonNull("startedAt") ? Instant.parse(j.get("startedAt").asText()) : null,
          j.hasNonNull("finishedAt") ? Instant.parse(j.get("finishedAt").asText()) : null);
    }

    // Without the snippet, which may be 2 KiB of filler.
    @Override
    public String toString() {
      return id
          + " "
          + status
          + " after "
          + attempts
          + " attempt(s): "
          + errorKind
          + " "
          + errorMessage
          + (responseStatus == 0 ? "" : " (HTTP " + responseStatus + ")");
    }
  }

  private final TestNode node;
  final ApiClient tenantA;
  final ApiClient tenantB;

  private FaultNode(TestNode node) {
    this.node = node;
    this.tenantA = node.client(TestNode.KEY_A);
    this.tenantB = node.client(TestNode.KEY_B);
  }

  static FaultNode start() {
    try {
      // Port 0 is a placeholder: the allowlist below opens every loopback port for the targets,
      // proxies and TLS servers the suites start on free ports.
      return new FaultNode(
          TestNode.start(
              TestNode.h2Memory("faults"),
              "",
              0,
              Map.of("orchestrator.outbound-allow-hosts", "127.0.0.1/32")));
    } catch (Exception e) {
      throw new IllegalStateException("fault suite node did not start", e);
    }
  }

  /** The JSON of a GET call to {@code url} with the suites' retry policy. */
  static String spec(String url, String timeout, Instant dueAt) {
    return "{\"name\":\"fault\",\"request\":{\"method\":\"GET\",\"url\":\""
        + url
        + "\"},\"retry\":"
        + RETRY
        + ",\"timeout\":\""
        + timeout
        + "\""
        + (dueAt == null ? "" : ",\"dueAt\":\"" + dueAt + "\"")
        + "}";
  }

  ApiClient client(String tenant) {
    return TENANT_A.equals(tenant) ? tenantA : tenantB;
  }

  /** Submits a call for tenant A due now; returns its id. */
  String submitNow(String url, String timeout) {
    return submit(TENANT_A, spec(url, timeout, null));
  }

  String submit(String tenant, String json) {
    var r = client(tenant).submit(tenant, json);
    assertEquals(201, r.status(), r.body());
    return r.json().get("serviceCallId").asText();
  }

  /** Submits a call for tenant A due now and waits until it ended. */
  Outcome run(String url, String timeout) {
    return awaitEnd(TENANT_A, submitNow(url, timeout));
  }

  Outcome awaitEnd(String tenant, String id) {
    return Outcome.of(
        Await.value(
                WAIT,
                id + " to end",
                () -> client(tenant).call(tenant, id),
                r -> r.status() == 200 && TERMINAL.contains(r.json().get("status").asText()))
            .json());
  }

  /** The target saw exactly the call's attempts: one request each, numbered 1..n, same call. */
  static void assertOneRequestPerAttempt(Outcome done, List<FaultTarget.Hit> hits) {
    assertEquals(done.attempts(), hits.size(), "target-side requests vs attempts: " + hits);
    assertEquals(
        IntStream.rangeClosed(1, done.attempts()).boxed().toList(),
        hits.stream().map(FaultTarget.Hit::attempt).sorted().toList());
    hits.forEach(h -> assertEquals(done.id(), h.callId(), "call id the target saw"));
  }

  @Override
  public void close() {
    node.close();
  }
}
