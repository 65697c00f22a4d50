package dev.orchestrator.e2e.faults;

import static dev.orchestrator.e2e.faults.FaultNode.MAX_ATTEMPTS;
import static dev.orchestrator.e2e.faults.FaultNode.TENANT_A;
import static dev.orchestrator.e2e.faults.FaultNode.assertOneRequestPerAttempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Await;
import dev.orchestrator.testing.FaultProxy;
import dev.orchestrator.testing.FaultTarget;
import dev.orchestrator.testing.TargetBehaviours;
import dev.orchestrator.testing.TlsTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * F10, the remaining cases: a response far larger than we read, HTTPS targets whose certificate no
 * verifying client accepts, and a host that does not resolve.
 */
@ExtendWith(FaultNodeExtension.class)
class ResponseCapAndTlsE2eTest {
  private static final long HUNDRED_MB = 100L * 1024 * 1024;
  // What may pass besides the 64 KiB we read: socket buffers on both ends and Pekko's own.
  private static final long MAX_WRITTEN = 16L * 1024 * 1024;
  private static final int SNIPPET_CHARS = 2048;

  private final FaultNode node;

  ResponseCapAndTlsE2eTest(FaultNode node) {
    this.node = node;
  }

  @Test
  void execute_100MbResponse_readCappedConnectionClosedAndSucceeds() throws Exception {
    var probe = new TargetBehaviours.StreamProbe();
    try (var target = FaultTarget.start()) {
      String url = target.on("/huge", TargetBehaviours.stream(HUNDRED_MB, probe));

      var done = node.run(url, "PT10S");

      assertEquals("SUCCEEDED", done.status(), done.toString());
      assertEquals(1, done.attempts());
      assertEquals(SNIPPET_CHARS, done.bodySnippet().length());
      assertOneRequestPerAttempt(done, target.hits("/huge"));
      // The node stopped reading and closed the connection: the target could not push the body.
      Await.until(
          Duration.ofSeconds(10), "the target's write to fail", () -> probe.outcome() != null);
      assertEquals("cut", probe.outcome());
      assertTrue(probe.written() < MAX_WRITTEN, "target wrote " + probe.written() + " bytes");
    }
  }

  @ParameterizedTest(name = "expired={0}")
  @ValueSource(booleans = {false, true})
  void execute_httpsWithUntrustedCertificate_tlsFailureRetriedAndNoRequestDelivered(
      boolean expired, @TempDir Path dir) throws Exception {
    try (var tls = TlsTarget.start(dir, expired);
        var proxy = FaultProxy.start(tls.port())) {
      var done = node.run(proxy.url("https", "/tls"), "PT2S");

      assertEquals("FAILED", done.status(), done.toString());
      assertEquals(MAX_ATTEMPTS, done.attempts());
      assertEquals("CONNECTION", done.errorKind());
      assertTrue(done.errorMessage().startsWith("TLS handshake failed"), done.errorMessage());
      // One TCP connection per attempt reached the server, and not one request got through.
      assertEquals(MAX_ATTEMPTS, proxy.accepted(), "connections per attempt");
      assertEquals(0, tls.requests(), "verification must never be skipped");
    }
  }

  // The egress policy must check the address, so a name that does not resolve is refused at once.
  @Test
  void submit_unresolvableHost_refusedWith400AndNothingCreated() {
    String key = "unresolvable-" + UUID.randomUUID();
    String spec =
        FaultNode.spec(
                "http://no-such-host.invalid/x", "PT1S", Instant.now().plus(Duration.ofDays(1)))
            .replace("\"name\":\"fault\"", "\"name\":\"fault\",\"idempotencyKey\":\"" + key + "\"");

    var refused = node.tenantA.submit(TENANT_A, spec);

    assertEquals(400, refused.status(), refused.body());
    assertTrue(refused.contentType().startsWith("application/problem+json"));
    assertEquals("/request/url", refused.json().get("errors").get(0).get("pointer").asText());
    // Nothing was stored under the key: the same key with a valid URL creates a new call.
    var later = node.tenantA.submit(TENANT_A, spec.replace("no-such-host.invalid", "127.0.0.1:9"));
    assertEquals(201, later.status(), later.body());
  }
}
