package dev.orchestrator.http;

import static dev.orchestrator.http.ApiTestSupport.CALLS_A;
import static dev.orchestrator.http.ApiTestSupport.FAST_READ_MODEL;
import static dev.orchestrator.http.ApiTestSupport.assertProblem;
import static dev.orchestrator.http.ApiTestSupport.assertValidation;
import static dev.orchestrator.http.ApiTestSupport.bearer;
import static dev.orchestrator.http.ApiTestSupport.derivedId;
import static dev.orchestrator.http.ApiTestSupport.send;
import static dev.orchestrator.http.ApiTestSupport.uniqueKey;
import static dev.orchestrator.http.ApiTestSupport.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a submit or list request can be refused as invalid (400, 413, 415), each with its
 * problem type and field pointer, and proof that nothing changed: journal and read-model rows and
 * target traffic (RELIABILITY §5(c)).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiValidationTest {
  private static final int MAX_BODY = 196_608;

  private ApiNode node;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    node = ApiNode.h2("api-validation", FAST_READ_MODEL);
    api = node.client(TestNode.KEY_A);
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private String url() {
    return node.neverUrl();
  }

  private void assertChangesNothing(Runnable refused) {
    node.assertUnchangedBy(refused);
  }

  private static ObjectNode req(ObjectNode n) {
    return (ObjectNode) n.get("request");
  }

  private static ObjectNode headers(ObjectNode n) {
    return (ObjectNode) req(n).get("headers");
  }

  private static Arguments bad(String label, String pointer, Consumer<ObjectNode> change) {
    return Arguments.of(label, pointer, change);
  }

  static Stream<Arguments> invalidFields() {
    Instant now = Instant.now();
    return Stream.of(
        bad("missingRequest", "/request", n -> n.remove("request")),
        bad("missingUrl", "/request/url", n -> req(n).remove("url")),
        bad("ftpUrl", "/request/url", n -> req(n).put("url", "ftp://127.0.0.1/x")),
        bad("privateAddress", "/request/url", n -> req(n).put("url", "http://10.0.0.1/")),
        bad("metadataAddress", "/request/url", n -> req(n).put("url", "http://169.254.169.254/")),
        bad(
            "loopbackNotAllowlisted",
            "/request/url",
            n -> req(n).put("url", "http://localhost:1/")),
        bad("unknownMethod", "/request/method", n -> req(n).put("method", "FOO")),
        bad("dueAtWithoutOffset", "/dueAt", n -> n.put("dueAt", "2030-01-01T00:00:00")),
        bad("dueAtNotATime", "/dueAt", n -> n.put("dueAt", "tomorrow")),
        bad(
            "dueAtBeyondHorizon",
            "/dueAt",
            n -> n.put("dueAt", now.plus(367, ChronoUnit.DAYS).toString())),
        bad("dueAtAndDelay", "/delay", n -> n.put("delay", "PT5S")),
        bad(
            "negativeDelay",
            "/delay",
            n -> {
              n.remove("dueAt");
              n.put("delay", "PT-5S");
            }),
        bad("zeroAttempts", "/retry/maxAttempts", n -> n.putObject("retry").put("maxAttempts", 0)),
        bad(
            "thousandAttempts",
            "/retry/maxAttempts",
            n -> n.putObject("retry").put("maxAttempts", 1000)),
        bad(
            "zeroInitialBackoff",
            "/retry/initialBackoff",
            n -> n.putObject("retry").put("initialBackoff", "PT0S")),
        bad(
            "maxBelowInitialBackoff",
            "/retry/maxBackoff",
            n -> n.putObject("retry").put("initialBackoff", "PT10S").put("maxBackoff", "PT5S")),
        bad("zeroTimeout", "/timeout", n -> n.put("timeout", "PT0S")),
        bad("twoHourTimeout", "/timeout", n -> n.put("timeout", "PT2H")),
        bad(
            "crLfInHeaderValue",
            "/request/headers/X-Test",
            n -> headers(n).put("X-Test", "a\r\nX-Evil: 1")),
        bad("hostHeader", "/request/headers/Host", n -> headers(n).put("Host", "evil.example")),
        bad(
            "transferEncodingHeader",
            "/request/headers/Transfer-Encoding",
            n -> headers(n).put("Transfer-Encoding", "chunked")),
        bad(
            "idempotencyKeyHeader",
            "/request/headers/Idempotency-Key",
            n -> headers(n).put("Idempotency-Key", "mine")),
        bad("tagWithSpace", "/tags/0", n -> n.putArray("tags").add("has space")),
        bad("nullTag", "/tags/0", n -> n.putArray("tags").addNull()),
        bad(
            "twentyOneTags",
            "/tags",
            n -> IntStream.range(0, 21).forEach(i -> n.withArray("tags").add("t" + i))),
        bad("key256Chars", "/idempotencyKey", n -> n.put("idempotencyKey", "k".repeat(256))),
        bad("name201Chars", "/name", n -> n.put("name", "n".repeat(201))),
        bad(
            "stringForInt",
            "/retry/maxAttempts",
            n -> n.putObject("retry").put("maxAttempts", "5")),
        bad(
            "fractionForInt",
            "/retry/maxAttempts",
            n -> n.putObject("retry").put("maxAttempts", 1.5)),
        bad("numberForString", "/name", n -> n.put("name", 5)),
        bad("booleanForString", "/request/headers/X-Flag", n -> headers(n).put("X-Flag", true)),
        bad("nullRequest", "/request", n -> n.putNull("request")),
        bad(
            "infiniteCoefficient",
            "/retry/backoffCoefficient",
            n -> n.putObject("retry").put("backoffCoefficient", new java.math.BigDecimal("1e400"))),
        bad("unknownField", "/nmae", n -> n.put("nmae", "typo")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFields")
  void submit_invalidField_is400WithPointerAndCreatesNothing(
      String label, String pointer, Consumer<ObjectNode> change) {
    ObjectNode body = validBody(url(), uniqueKey(label));
    change.accept(body);

    assertChangesNothing(() -> assertValidation(api.submit("tenant-a", body.toString()), pointer));

    String id = derivedId("tenant-a", body.get("idempotencyKey").asText());
    assertProblem(api.call("tenant-a", id), 404, "not-found");
  }

  static Stream<Arguments> unparsableBodies() {
    String valid = "{\"request\":{\"method\":\"GET\",\"url\":\"http://127.0.0.1:1/\"}}";
    return Stream.of(
        Arguments.of("truncated", "{\"name\":\"x\",\"request\":{", "malformed-json", null),
        Arguments.of("trailingObject", "{\"a\":1}{\"b\":2}", "validation", "/a"),
        Arguments.of("trailingGarbageAfterValid", valid + "{\"b\":2}", "malformed-json", null),
        Arguments.of("empty", "", "malformed-json", null),
        Arguments.of("whitespaceOnly", "  \n", "malformed-json", null),
        Arguments.of("arrayInsteadOfObject", "[" + valid + "]", "malformed-json", null),
        Arguments.of("stringInsteadOfObject", "\"hello\"", "malformed-json", null),
        Arguments.of(
            "nestedArrays",
            "{\"tags\":" + "[".repeat(100) + "]".repeat(100) + "}",
            "validation",
            "/tags/0"),
        Arguments.of("duplicateKey", "{\"name\":\"a\",\"name\":\"b\"}", "malformed-json", null),
        Arguments.of("nullDocument", "null", "malformed-json", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unparsableBodies")
  void submit_unparsableBody_is400AndCreatesNothing(
      String label, String body, String type, String pointer) {
    assertChangesNothing(
        () -> {
          var r = api.submit("tenant-a", body);
          if (pointer == null) {
            assertProblem(r, 400, type);
          } else {
            assertValidation(r, pointer);
          }
        });
  }

  @Test
  void submit_textPlain_is415AndCreatesNothing() {
    String body = validBody(url(), null).toString();
    var headers = withAuth(Map.of("Content-Type", "text/plain"));

    assertChangesNothing(
        () ->
            assertProblem(
                send(node.port(), "POST", CALLS_A, headers, bytes(body), false),
                415,
                "unsupported-media-type"));
  }

  @Test
  void submit_noContentType_is415AndCreatesNothing() {
    String body = validBody(url(), null).toString();
    assertChangesNothing(
        () ->
            assertProblem(
                send(node.port(), "POST", CALLS_A, withAuth(Map.of()), bytes(body), false),
                415,
                "unsupported-media-type"));
  }

  @Test
  void submit_bodyAtCap_is201() {
    var r = send(node.port(), "POST", CALLS_A, json(), padded(MAX_BODY), false);

    assertEquals(201, r.status(), r.body());
    node.created().add(r.json().get("serviceCallId").asText());
  }

  static Stream<Arguments> oversizedBodies() {
    return Stream.of(
        Arguments.of("capPlusOne", MAX_BODY + 1, false),
        Arguments.of("overServerLimit", 300 * 1024, false),
        Arguments.of("capPlusOneChunked", MAX_BODY + 1, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oversizedBodies")
  void submit_bodyOverCap_is413AndCreatesNothing(String label, int size, boolean chunked) {
    assertChangesNothing(
        () ->
            assertProblem(
                send(node.port(), "POST", CALLS_A, json(), padded(size), chunked),
                413,
                "payload-too-large"));
  }

  static Stream<Arguments> invalidListQueries() {
    return Stream.of(
        Arguments.of("unknownParameter", "colour=red", "colour"),
        Arguments.of("badStatus", "status=DONE", "status"),
        Arguments.of("limitZero", "limit=0", "limit"),
        Arguments.of("limit501", "limit=501", "limit"),
        Arguments.of("limitNotANumber", "limit=abc", "limit"),
        Arguments.of("badCursor", "cursor=not-a-cursor", "cursor"),
        Arguments.of("createdFromWithoutOffset", "createdFrom=2030-01-01T00:00:00", "createdFrom"),
        Arguments.of("createdFromNotATime", "createdFrom=yesterday", "createdFrom"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidListQueries")
  void list_invalidQuery_is400WithParameterName(String label, String query, String parameter) {
    assertValidation(api.list("tenant-a", query), parameter);
  }

  @Test
  void list_limitBounds_areAccepted() {
    assertEquals(200, api.list("tenant-a", "limit=1").status());
    assertEquals(200, api.list("tenant-a", "limit=500&status=SCHEDULED,cancelled").status());
  }

  private Map<String, String> withAuth(Map<String, String> headers) {
    var all = new java.util.HashMap<>(headers);
    all.putAll(bearer(TestNode.KEY_A));
    return all;
  }

  private Map<String, String> json() {
    return withAuth(Map.of("Content-Type", "application/json"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A valid submit body padded with insignificant whitespace to exactly {@code size} bytes. */
  private byte[] padded(int size) {
    byte[] body = bytes(validBody(url(), null).toString());
    assertTrue(body.length < size);
    byte[] out = new byte[size];
    java.util.Arrays.fill(out, (byte) ' ');
    System.arraycopy(body, 0, out, 0, body.length);
    return out;
  }
}
