package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.domain.RetryPolicy;
import dev.orchestrator.http.Problem.FieldError;
import dev.orchestrator.http.SubmitRequest.RequestBody;
import dev.orchestrator.http.SubmitRequest.RetryBody;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SubmitRequestValidator} on its own: defaults, due-time arithmetic and every bound. */
class SubmitRequestValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final String URL = "https://billing.example/charge";

  private final SubmitRequestValidator validator =
      new SubmitRequestValidator(
          Clock.fixed(NOW, ZoneOffset.UTC),
          url ->
              url.contains("blocked")
                  ? Optional.of("destination is not allowed")
                  : Optional.empty());

  /** A submit body to change field by field; starts as the minimal valid one. */
  private static final class Body {
    String name;
    RequestBody request = new RequestBody("POST", URL, null, null);
    String dueAt;
    String delay;
    String key;
    List<String> tags;
    String correlationId;
    RetryBody retry;
    String timeout;

    SubmitRequest build() {
      return new SubmitRequest(
          name, request, dueAt, delay, key, tags, correlationId, retry, timeout);
    }
  }

  private static SubmitRequest with(Consumer<Body> change) {
    Body b = new Body();
    change.accept(b);
    return b.build();
  }

  private static void due(Body b, String dueAt, String delay) {
    b.dueAt = dueAt;
    b.delay = delay;
  }

  private static RetryBody retry(
      Integer max, String initial, String maxBackoff, Double coefficient) {
    return new RetryBody(max, initial, maxBackoff, coefficient);
  }

  private static RequestBody req(
      String method, String url, Map<String, String> headers, String body) {
    return new RequestBody(method, url, headers, body);
  }

  private static Map<String, String> headers(int count, String value) {
    Map<String, String> h = new HashMap<>();
    IntStream.range(0, count).forEach(i -> h.put("X-H" + i, value));
    return h;
  }

  private static List<String> tagList(int count) {
    return IntStream.range(0, count).mapToObj(i -> "t" + i).toList();
  }

  private static List<String> pointers(SubmitRequestValidator.Result r) {
    return r.errors().stream().map(FieldError::pointer).toList();
  }

  @Test
  void validate_minimalRequest_appliesDefaults() {
    var r = validator.validate(with(b -> {}));

    assertTrue(r.errors().isEmpty(), r.errors().toString());
    var spec = r.spec();
    assertEquals(RetryPolicy.DEFAULT, spec.retry());
    assertEquals(Duration.ofSeconds(30), spec.timeout());
    assertEquals(NOW, spec.dueAt());
    assertFalse(spec.explicitDue());
    assertEquals(List.of(), spec.tags());
    assertNull(spec.name());
    assertNull(spec.idempotencyKey());
    assertEquals(Map.of(), spec.request().headers());
  }

  @Test
  void validate_everyFieldGiven_isCarriedIntoTheSpec() {
    var spec =
        validator
            .validate(
                with(
                    b -> {
                      b.name = "charge-invoice-42";
                      b.request =
                          req("POST", URL, Map.of("Content-Type", "application/json"), "{}");
                      b.key = "invoice-42";
                      b.tags = List.of("billing", "eu");
                      b.correlationId = "req-7f3a";
                      b.retry = retry(7, "PT2S", "PT1M", 3.0);
                      b.timeout = "PT45S";
                    }))
            .spec();

    assertEquals("charge-invoice-42", spec.name());
    assertEquals(Map.of("Content-Type", "application/json"), spec.request().headers());
    assertEquals("{}", spec.request().body());
    assertEquals("invoice-42", spec.idempotencyKey());
    assertEquals(List.of("billing", "eu"), spec.tags());
    assertEquals("req-7f3a", spec.correlationId());
    assertEquals(
        new RetryPolicy(7, Duration.ofSeconds(2), 3.0, Duration.ofMinutes(1)), spec.retry());
    assertEquals(Duration.ofSeconds(45), spec.timeout());
  }

  @Test
  void validate_emptyRetryObject_isTheDefaultPolicy() {
    var spec = validator.validate(with(b -> b.retry = retry(null, null, null, null))).spec();

    assertEquals(RetryPolicy.DEFAULT, spec.retry());
  }

  @Test
  void validate_delay_isAddedToNowAndNotExplicit() {
    var spec = validator.validate(with(b -> due(b, null, "PT1M30S"))).spec();

    assertEquals(NOW.plusSeconds(90), spec.dueAt());
    assertFalse(spec.explicitDue());
  }

  @Test
  void validate_dueAtWithOffset_isConvertedToUtcAndExplicit() {
    var spec = validator.validate(with(b -> due(b, "2026-11-24T14:00:00+02:00", null))).spec();

    assertEquals(Instant.parse("2026-11-24T12:00:00Z"), spec.dueAt());
    assertTrue(spec.explicitDue());
  }

  @Test
  void validate_dueAtInThePast_isAcceptedAsIs() {
    var spec = validator.validate(with(b -> due(b, "2020-01-01T00:00:00Z", null))).spec();

    assertEquals(Instant.parse("2020-01-01T00:00:00Z"), spec.dueAt());
    assertTrue(spec.explicitDue());
  }

  @Test
  void validate_lowercaseMethod_isNormalised() {
    var spec = validator.validate(with(b -> b.request = req("patch", URL, null, null))).spec();

    assertEquals("PATCH", spec.request().method());
  }

  @Test
  void validate_initialBackoffAboveDefaultMax_raisesMaxBackoffToIt() {
    var spec = validator.validate(with(b -> b.retry = retry(null, "PT10M", null, null))).spec();

    assertEquals(Duration.ofMinutes(10), spec.retry().initialInterval());
    assertEquals(Duration.ofMinutes(10), spec.retry().maximumInterval());
    assertEquals(5, spec.retry().maximumAttempts());
  }

  static Stream<Arguments> bounds() {
    String ahead366 = NOW.plus(Duration.ofDays(366)).toString();
    String pastHorizon = NOW.plus(Duration.ofDays(366)).plusMillis(1).toString();
    return Stream.of(
        edge("name", "/name", b -> b.name = "n".repeat(200), b -> b.name = "n".repeat(201)),
        edge("nameEmpty", "/name", b -> b.name = "n", b -> b.name = ""),
        edge(
            "nameControlChar", "/name", b -> b.name = "caf\u00e9 \u2603", b -> b.name = "a\u0007b"),
        edge("key", "/idempotencyKey", b -> b.key = "k".repeat(255), b -> b.key = "k".repeat(256)),
        edge("keyAscii", "/idempotencyKey", b -> b.key = "a b~!", b -> b.key = "cl\u00e9"),
        edge(
            "correlationId",
            "/correlationId",
            b -> b.correlationId = "c".repeat(200),
            b -> b.correlationId = "c".repeat(201)),
        edge("tagCount", "/tags", b -> b.tags = tagList(20), b -> b.tags = tagList(21)),
        edge(
            "tagLength",
            "/tags/0",
            b -> b.tags = List.of("a".repeat(64)),
            b -> b.tags = List.of("a".repeat(65))),
        edge(
            "tagChars",
            "/tags/0",
            b -> b.tags = List.of("eu.billing_v2:x/y-z"),
            b -> b.tags = List.of("has space")),
        edge(
            "tagDuplicate",
            "/tags/1",
            b -> b.tags = List.of("a", "b"),
            b -> b.tags = List.of("a", "a")),
        edge(
            "tagNull",
            "/tags/0",
            b -> b.tags = List.of("a"),
            b -> b.tags = Collections.singletonList(null)),
        edge("dueAtHorizon", "/dueAt", b -> due(b, ahead366, null), b -> due(b, pastHorizon, null)),
        edge(
            "dueAtYear2000",
            "/dueAt",
            b -> due(b, "2000-01-01T00:00:00Z", null),
            b -> due(b, "1999-12-31T23:59:59Z", null)),
        edge(
            "dueAtOffset",
            "/dueAt",
            b -> due(b, "2027-01-01T00:00:00Z", null),
            b -> due(b, "2027-01-01T00:00:00", null)),
        edge(
            "dueAtAndDelay",
            "/delay",
            b -> due(b, "2027-01-01T00:00:00Z", null),
            b -> due(b, "2027-01-01T00:00:00Z", "PT1S")),
        edge("delayZero", "/delay", b -> due(b, null, "PT0S"), b -> due(b, null, "PT-0.001S")),
        edge(
            "delayHorizon",
            "/delay",
            b -> due(b, null, "P366D"),
            b -> due(b, null, "P366DT0.001S")),
        edge("delayFormat", "/delay", b -> due(b, null, "PT5S"), b -> due(b, null, "5s")),
        edge("timeoutMin", "/timeout", b -> b.timeout = "PT0.1S", b -> b.timeout = "PT0.099S"),
        edge("timeoutMax", "/timeout", b -> b.timeout = "PT30M", b -> b.timeout = "PT30M0.001S"),
        edge(
            "attemptsMin",
            "/retry/maxAttempts",
            b -> b.retry = retry(1, null, null, null),
            b -> b.retry = retry(0, null, null, null)),
        edge(
            "attemptsMax",
            "/retry/maxAttempts",
            b -> b.retry = retry(100, null, null, null),
            b -> b.retry = retry(101, null, null, null)),
        edge(
            "initialMin",
            "/retry/initialBackoff",
            b -> b.retry = retry(null, "PT0.1S", null, null),
            b -> b.retry = retry(null, "PT0.099S", null, null)),
        edge(
            "initialMax",
            "/retry/initialBackoff",
            b -> b.retry = retry(null, "PT1H", null, null),
            b -> b.retry = retry(null, "PT1H0.001S", null, null)),
        edge(
            "maxBackoffMax",
            "/retry/maxBackoff",
            b -> b.retry = retry(null, null, "PT24H", null),
            b -> b.retry = retry(null, null, "PT24H0.001S", null)),
        edge(
            "maxBackoffVsInitial",
            "/retry/maxBackoff",
            b -> b.retry = retry(null, "PT2S", "PT2S", null),
            b -> b.retry = retry(null, "PT2S", "PT1.999S", null)),
        edge(
            "coefficientMin",
            "/retry/backoffCoefficient",
            b -> b.retry = retry(null, null, null, 1.0),
            b -> b.retry = retry(null, null, null, 0.999)),
        edge(
            "coefficientMax",
            "/retry/backoffCoefficient",
            b -> b.retry = retry(null, null, null, 10.0),
            b -> b.retry = retry(null, null, null, 10.001)),
        edge(
            "coefficientNaN",
            "/retry/backoffCoefficient",
            b -> b.retry = retry(null, null, null, 2.0),
            b -> b.retry = retry(null, null, null, Double.NaN)),
        edge(
            "method",
            "/request/method",
            b -> b.request = req("OPTIONS", URL, null, null),
            b -> b.request = req("CONNECT", URL, null, null)),
        edge(
            "methodMissing",
            "/request/method",
            b -> b.request = req("GET", URL, null, null),
            b -> b.request = req(null, URL, null, null)),
        edge(
            "urlLength",
            "/request/url",
            b -> b.request = req("GET", url(2048), null, null),
            b -> b.request = req("GET", url(2049), null, null)),
        edge(
            "urlScheme",
            "/request/url",
            b -> b.request = req("GET", "HTTP://a.example/", null, null),
            b -> b.request = req("GET", "ftp://a.example/", null, null)),
        edge(
            "urlBlank",
            "/request/url",
            b -> b.request = req("GET", URL, null, null),
            b -> b.request = req("GET", " ", null, null)),
        edge(
            "urlDestination",
            "/request/url",
            b -> b.request = req("GET", URL, null, null),
            b -> b.request = req("GET", "https://blocked.example/", null, null)),
        edge(
            "headerCount",
            "/request/headers",
            b -> b.request = req("GET", URL, headers(50, "v"), null),
            b -> b.request = req("GET", URL, headers(51, "v"), null)),
        edge(
            "headerValueLength",
            "/request/headers/X-H0",
            b -> b.request = req("GET", URL, headers(1, "v".repeat(4096)), null),
            b -> b.request = req("GET", URL, headers(1, "v".repeat(4097)), null)),
        edge(
            "headerValueChars",
            "/request/headers/X-H0",
            b -> b.request = req("GET", URL, headers(1, "a\tb ~"), null),
            b -> b.request = req("GET", URL, headers(1, "a\u0000b"), null)),
        edge(
            "headerValueNull",
            "/request/headers/X-H0",
            b -> b.request = req("GET", URL, headers(1, ""), null),
            b -> b.request = req("GET", URL, headers(1, null), null)),
        edge(
            "headerName",
            "/request/headers/a~1b",
            b -> b.request = req("GET", URL, Map.of("a-b", "v"), null),
            b -> b.request = req("GET", URL, Map.of("a/b", "v"), null)),
        edge(
            "headerForbidden",
            "/request/headers/webhook-signature",
            b -> b.request = req("GET", URL, Map.of("X-Webhook", "v"), null),
            b -> b.request = req("GET", URL, Map.of("webhook-signature", "v"), null)),
        edge(
            "headerProxy",
            "/request/headers/Proxy-Authorization",
            b -> b.request = req("GET", URL, Map.of("Authorization", "v"), null),
            b -> b.request = req("GET", URL, Map.of("Proxy-Authorization", "v"), null)),
        edge(
            "body",
            "/request/body",
            b -> b.request = req("POST", URL, null, "b".repeat(131072)),
            b -> b.request = req("POST", URL, null, "b".repeat(131073))));
  }

  private static Arguments edge(
      String label, String pointer, Consumer<Body> atEdge, Consumer<Body> pastEdge) {
    return Arguments.of(label, pointer, atEdge, pastEdge);
  }

  private static String url(int length) {
    String prefix = "https://a.example/";
    return prefix + "p".repeat(length - prefix.length());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bounds")
  void validate_valueAtBound_isAcceptedAndOnePastIsRefusedWithPointer(
      String label, String pointer, Consumer<Body> atEdge, Consumer<Body> pastEdge) {
    var ok = validator.validate(with(atEdge));
    var refused = validator.validate(with(pastEdge));

    assertTrue(ok.errors().isEmpty(), label + " at its edge: " + ok.errors());
    assertNotNull(ok.spec());
    assertEquals(List.of(pointer), pointers(refused), label + " past its edge");
    assertNull(refused.spec());
    assertFalse(refused.errors().get(0).detail().isBlank());
  }

  @Test
  void validate_missingRequest_isRefusedWithPointer() {
    var r = validator.validate(with(b -> b.request = null));

    assertEquals(List.of("/request"), pointers(r));
  }

  @Test
  void validate_manyProblems_areReportedTogether() {
    var r =
        validator.validate(
            new SubmitRequest(
                "n".repeat(201),
                req("FOO", "ftp://x.example/", Map.of("Host", "h"), null),
                "tomorrow",
                null,
                "k".repeat(256),
                tagList(21),
                "c".repeat(201),
                new RetryBody(0, "PT0S", null, 20.0),
                "PT2H"));

    assertNull(r.spec());
    assertEquals(
        List.of(
            "/name",
            "/request/method",
            "/request/url",
            "/request/headers/Host",
            "/dueAt",
            "/idempotencyKey",
            "/tags",
            "/correlationId",
            "/retry/maxAttempts",
            "/retry/initialBackoff",
            "/retry/backoffCoefficient",
            "/timeout"),
        pointers(r));
  }

  @Test
  void validate_destinationCheck_reasonIsTheErrorDetail() {
    var r =
        validator.validate(
            with(b -> b.request = req("GET", "https://blocked.example/", null, null)));

    assertEquals("destination is not allowed", r.errors().get(0).detail());
  }

  /** RELIABILITY B8: absurd due times are refused with the field named, never accepted oddly. */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "2030-01-01T00:00:00",
        "9999-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "2030-01-01T23:59:60Z",
        "+292278994-08-17T07:12:55Z",
        "1969-12-31T23:59:59Z",
        "2030-13-01T00:00:00Z",
        "1700000000000",
        "2030-01-01 00:00:00Z"
      })
  void validate_absurdDueAt_isRefusedAtDueAt(String dueAt) {
    var r = validator.validate(with(b -> due(b, dueAt, null)));

    assertEquals(List.of("/dueAt"), pointers(r));
  }

  @Test
  void validate_dueAtInThePast_runsNow() {
    var r = validator.validate(with(b -> due(b, "2026-11-23T11:00:00Z", null)));

    assertTrue(r.errors().isEmpty(), r.errors().toString());
    assertEquals(Instant.parse("2026-11-23T11:00:00Z"), r.spec().dueAt());
  }
}
