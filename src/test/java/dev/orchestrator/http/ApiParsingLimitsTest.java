package dev.orchestrator.http;

import static dev.orchestrator.http.ApiTestSupport.CALLS_A;
import static dev.orchestrator.http.ApiTestSupport.FAST_READ_MODEL;
import static dev.orchestrator.http.ApiTestSupport.assertProblem;
import static dev.orchestrator.http.ApiTestSupport.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
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
 * Requests refused by Pekko's HTTP parser before any route sees them (RELIABILITY B4, B6): heads
 * over the limits and request smuggling get problem+json, the connection is closed rather than left
 * hanging, and nothing is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiParsingLimitsTest {
  private ApiNode node;

  @BeforeAll
  void start() throws Exception {
    node = ApiNode.h2("api-parsing", FAST_READ_MODEL);
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** A submit with a valid body, extra header lines and, optionally, a longer path. */
  private String submit(String pathSuffix, String extraHeaders) {
    String body = validBody(node.neverUrl(), null).toString();
    return "POST "
        + CALLS_A
        + pathSuffix
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + TestNode.KEY_A
        + "\r\nContent-Type: application/json\r\n"
        + extraHeaders
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  static Stream<Arguments> oversizedHeads() {
    String manyHeaders =
        IntStream.range(0, 65).mapToObj(i -> "X-H" + i + ": v\r\n").collect(Collectors.joining());
    return Stream.of(
        Arguments.of("headerValueOver8KiB", "", "X-Big: " + "a".repeat(8 * 1024 + 1) + "\r\n", 431),
        // Pekko answers a header count over the limit with 400, not 431.
        Arguments.of("sixtyFiveHeaders", "", manyHeaders, 400),
        Arguments.of("headerNameOver64Chars", "", "X-" + "n".repeat(70) + ": v\r\n", 431),
        Arguments.of("uriOver2KiB", "?pad=" + "p".repeat(2048), "", 414));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oversizedHeads")
  void submit_headOverParserLimit_isProblemJsonAndConnectionClosed(
      String label, String pathSuffix, String extraHeaders, int status) {
    String type =
        switch (status) {
          case 414 -> "uri-too-long";
          case 431 -> "headers-too-large";
          default -> "bad-request";
        };

    node.assertUnchangedBy(
        () ->
            assertProblem(
                RawHttp.response(RawHttp.exchange(node.port(), submit(pathSuffix, extraHeaders))),
                status,
                type));

    assertEquals(200, node.client(null).get("/health/live").status(), "node still answers");
  }

  @Test
  void submit_contentLengthAndChunked_is400AndSmuggledRequestIgnored() {
    String smuggled =
        "GET /api/v1/tenants/tenant-a/service-calls HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer "
            + TestNode.KEY_A
            + "\r\n\r\n";
    String body = validBody(node.neverUrl(), null).toString();
    String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    String request =
        "POST "
            + CALLS_A
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + TestNode.KEY_A
            + "\r\nContent-Type: application/json\r\nContent-Length: 4\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + chunked
            + smuggled;

    node.assertUnchangedBy(
        () -> {
          RawHttp.Answer answer = RawHttp.exchange(node.port(), request);
          assertProblem(RawHttp.response(answer), 400, "bad-request");
          assertEquals("", answer.trailing(), "a second response: the smuggled request ran");
        });
  }

  static Stream<Arguments> malformedHeads() {
    return Stream.of(
        Arguments.of("headerLineWithoutColon", "GET / HTTP/1.1\r\nHost: x\r\nBad\r\n\r\n", 400),
        Arguments.of("unknownMethod", "HELLO / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        Arguments.of("unknownVersion", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", 505),
        Arguments.of(
            "tlsHandshakeOnPlainPort", "\u0016\u0003\u0001\u0002\u0000\u0001\r\n\r\n", 400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHeads")
  void request_malformedHead_isProblemJsonWithoutInternals(String label, String raw, int status) {
    var answer = RawHttp.exchange(node.port(), raw);

    assertProblem(
        RawHttp.response(answer),
        status,
        switch (status) {
          case 501 -> "not-implemented";
          case 505 -> "http-version-not-supported";
          default -> "bad-request";
        });
  }
}
