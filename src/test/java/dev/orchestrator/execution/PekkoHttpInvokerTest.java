package dev.orchestrator.execution;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.orchestrator.config.InvokerSettings;
import dev.orchestrator.domain.AttemptOutcome;
import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.ErrorKind;
import dev.orchestrator.domain.ResponseMeta;
import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Status handling and what the target receives; misbehaving targets are in the failure test. */
class PekkoHttpInvokerTest {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static ActorSystem<Void> system;
  private static PekkoHttpInvoker invoker;

  @BeforeAll
  static void startSystem() {
    system = newSystem();
    invoker = new PekkoHttpInvoker(system, InvokerSettings.defaults(), AddressVetter.UNRESTRICTED);
  }

  @AfterAll
  static void stopSystem() throws Exception {
    stop(system);
  }

  static ActorSystem<Void> newSystem() {
    return ActorSystem.create(
        Behaviors.empty(),
        "invoker-test",
        ConfigFactory.parseString("pekko.actor.provider=local").withFallback(ConfigFactory.load()));
  }

  static void stop(ActorSystem<Void> sys) throws Exception {
    Http.get(sys).shutdownAllConnectionPools().toCompletableFuture().get(10, SECONDS);
    sys.terminate();
    sys.getWhenTerminated().toCompletableFuture().get(10, SECONDS);
  }

  static OutboundRequest request(
      String method, String url, Map<String, String> headers, String body) {
    return requestWithTimeout(method, url, headers, body, TIMEOUT);
  }

  static OutboundRequest requestWithTimeout(
      String method, String url, Map<String, String> headers, String body, Duration timeout) {
    return new OutboundRequest(
        new ServiceCallId(new TenantId("acme"), "call-1"),
        new CallRequest(method, url, headers, body),
        3,
        "idem-42",
        "corr-7",
        timeout);
  }

  static AttemptOutcome await(HttpInvoker inv, OutboundRequest r) throws Exception {
    return inv.invoke(r).toCompletableFuture().get(10, SECONDS);
  }

  // The JDK test server re-capitalises header names ("X-trace"); we keep what the target sent.
  private static String headerOf(ResponseMeta meta, String name) {
    return meta.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void invoke_targetAnswers200_isSuccessAndTargetSeesOurHeadersAndBody() throws Exception {
    try (var target =
        LoopbackTarget.answering(200, Map.of("Set-Cookie", "s=1", "X-Trace", "t1"), "{\"ok\":1}")) {
      var headers =
          Map.of("Content-Type", "application/json", "X-Tenant-Thing", "abc", "Host", "evil");
      var outcome = await(invoker, request("POST", target.url("/hook"), headers, "{\"a\":\"é\"}"));

      var success = assertInstanceOf(AttemptOutcome.Success.class, outcome);
      assertEquals(200, success.response().statusCode());
      assertEquals("{\"ok\":1}", success.response().bodySnippet());
      assertEquals("***", success.response().headers().get("Set-Cookie"));
      assertEquals("t1", headerOf(success.response(), "X-Trace"));
      assertTrue(success.response().latencyMs() >= 0);
      assertEquals(1, target.received().size());
      var seen = target.received().get(0);
      assertEquals("POST", seen.method());
      assertEquals("/hook", seen.path());
      assertEquals("idem-42", seen.header("Idempotency-Key"));
      assertEquals("call-1", seen.header("X-Service-Call-Id"));
      assertEquals("3", seen.header("X-Attempt"));
      assertEquals("corr-7", seen.header("X-Correlation-Id"));
      assertEquals("orchestrator/0.1", seen.header("User-Agent"));
      assertEquals("abc", seen.header("X-Tenant-Thing"));
      assertEquals("application/json", seen.header("Content-Type"));
      assertEquals("127.0.0.1:" + target.port(), seen.header("Host"));
      assertArrayEquals("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8), seen.body());
    }
  }

  @Test
  void invoke_unparseableContentType_isSentAsOctetStream() throws Exception {
    try (var target = LoopbackTarget.answering(204, Map.of(), "")) {
      var headers = Map.of("content-type", "not a type");
      assertInstanceOf(
          AttemptOutcome.Success.class,
          await(invoker, request("PUT", target.url("/x"), headers, "raw")));
      assertEquals("application/octet-stream", target.received().get(0).header("Content-Type"));
    }
  }

  @Test
  void invoke_targetAnswers503WithRetryAfter_isRetryableWithHint() throws Exception {
    try (var target = LoopbackTarget.answering(503, Map.of("Retry-After", "5"), "busy")) {
      var outcome = await(invoker, request("POST", target.url("/"), Map.of(), "{}"));

      var failure = assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
      assertEquals(ErrorKind.HTTP_STATUS, failure.error().kind());
      assertEquals("HTTP 503 Service Unavailable", failure.error().message());
      assertEquals(Duration.ofSeconds(5), failure.retryAfter());
      assertEquals("busy", failure.response().bodySnippet());
    }
  }

  @Test
  void invoke_targetAnswers429_isRetryable() throws Exception {
    try (var target = LoopbackTarget.answering(429, Map.of(), "slow down")) {
      var outcome = await(invoker, request("POST", target.url("/"), Map.of(), null));

      var failure = assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
      assertEquals(429, failure.response().statusCode());
      assertNull(failure.retryAfter());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {299, 418, 599})
  void invoke_targetAnswersUnregisteredStatus_isClassifiedByClass(int status) throws Exception {
    try (var target = LoopbackTarget.answering(status, Map.of(), "")) {
      var outcome = await(invoker, request("GET", target.url("/"), Map.of(), null));

      assertEquals(status, outcome.response().statusCode());
      assertEquals(status == 599, outcome instanceof AttemptOutcome.RetryableFailure);
    }
  }

  @Test
  void invoke_targetAnswers404_isPermanent() throws Exception {
    try (var target = LoopbackTarget.answering(404, Map.of(), "nope")) {
      var outcome = await(invoker, request("GET", target.url("/missing"), Map.of(), null));

      var failure = assertInstanceOf(AttemptOutcome.PermanentFailure.class, outcome);
      assertEquals("HTTP 404 Not Found", failure.error().message());
      assertEquals("nope", failure.response().bodySnippet());
    }
  }

  @Test
  void invoke_targetRedirects_isPermanentAndLocationIsNotFollowed() throws Exception {
    try (var elsewhere = LoopbackTarget.answering(200, Map.of(), "followed");
        var target =
            LoopbackTarget.answering(302, Map.of("Location", elsewhere.url("/landing")), "")) {
      var outcome = await(invoker, request("GET", target.url("/"), Map.of(), null));

      var failure = assertInstanceOf(AttemptOutcome.PermanentFailure.class, outcome);
      assertEquals(302, failure.response().statusCode());
      assertEquals(elsewhere.url("/landing"), failure.response().headers().get("Location"));
      assertEquals(0, elsewhere.received().size());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE", "POST"})
  void invoke_targetAnswers503_receivesExactlyOneRequestPerInvoke(String method) throws Exception {
    try (var target = LoopbackTarget.answering(503, Map.of(), "")) {
      var outcome = await(invoker, request(method, target.url("/"), Map.of(), null));

      assertInstanceOf(AttemptOutcome.RetryableFailure.class, outcome);
      assertEquals(1, target.received().size());
    }
  }

  @Test
  void invoke_targetSends5MbBody_isSuccessWithCappedSnippet() throws Exception {
    String big = "x".repeat(5 * 1024 * 1024);
    try (var target = LoopbackTarget.answering(200, Map.of(), big)) {
      // Twice: the cut-off read must leave the pool usable, not a slot waiting for a reader.
      for (int i = 0; i < 2; i++) {
        var outcome = await(invoker, request("GET", target.url("/big"), Map.of(), null));

        var success = assertInstanceOf(AttemptOutcome.Success.class, outcome, outcome::toString);
        assertEquals(
            InvokerSettings.defaults().bodySnippetChars(),
            success.response().bodySnippet().length());
      }
      assertEquals(2, target.received().size());
    }
  }

  @Test
  void invoke_bodyLongerThanByteCap_keepsOnlyCappedBytes() throws Exception {
    var settings = new InvokerSettings(4, 10, 100, Duration.ofSeconds(5));
    var capped = new PekkoHttpInvoker(system, settings, AddressVetter.UNRESTRICTED);
    try (var target = LoopbackTarget.answering(500, Map.of(), "0123456789ABCDEFGHIJ")) {
      var outcome = await(capped, request("GET", target.url("/"), Map.of(), null));

      assertEquals("0123456789", outcome.response().bodySnippet());
    }
  }

  @Test
  void invoke_unusableHeader_isInvalidRequestWithoutSending() throws Exception {
    var outcome =
        await(invoker, request("GET", "http://127.0.0.1:9/", Map.of("X-Bad", "a\r\nb: c"), null));

    var failure = assertInstanceOf(AttemptOutcome.PermanentFailure.class, outcome);
    assertEquals(ErrorKind.INVALID_REQUEST, failure.error().kind());
  }
}
