package dev.orchestrator.http;

import static dev.orchestrator.http.ApiTestSupport.FAST_READ_MODEL;
import static dev.orchestrator.http.ApiTestSupport.validBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unicode in submits (RELIABILITY B7), against each database. A string that has no UTF-8 form (a
 * lone surrogate) or a control character where text is expected (NUL in a name) is refused with a
 * pointer and changes nothing; the rest (NUL inside a body, RTL overrides, 4-byte emoji) is stored
 * and returned exactly, and the target receives the exact body bytes. Never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiUnicodeContract {
  private static final String EMOJI = "\uD83D\uDE80"; // U+1F680, four bytes in UTF-8
  private static final String RTL_OVERRIDE = "\u202E";

  private ApiNode node;
  private UnicodeChecks checks;

  /** {jdbc url, user, password} of a fresh database; may skip the class. */
  protected abstract String[] database() throws Exception;

  protected abstract void releaseDatabase();

  @BeforeAll
  void start() throws Exception {
    String[] db = database();
    node = ApiNode.start(db[0], db[1], db[2], FAST_READ_MODEL);
    checks = new UnicodeChecks(node);
  }

  @AfterAll
  void stop() {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      releaseDatabase();
    }
  }

  private static byte[] text(String jsonText) {
    return jsonText.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("loneHighSurrogateInName", "name", text("a\\ud800b"), "/name"),
        Arguments.of("loneLowSurrogateInName", "name", text("a\\udc00b"), "/name"),
        Arguments.of("swappedPairInName", "name", text("\\ude80\\ud83d"), "/name"),
        Arguments.of("nulInName", "name", text("a\\u0000b"), "/name"),
        Arguments.of("loneSurrogateInBody", "body", text("x\\ud800"), "/request/body"),
        Arguments.of(
            "loneSurrogateInHeaderValue", "header", text("\\ud800"), "/request/headers/X-Test"),
        Arguments.of("loneSurrogateInUrl", "url", text("\\ud800"), "/request/url"),
        // The pointer names the member as sent; JSON output escapes the half pair.
        Arguments.of(
            "loneSurrogateInHeaderName",
            "headername",
            text("\\ud800"),
            "/request/headers/X-Name\uD800"),
        Arguments.of("invalidUtf8InName", "name", bytes(0xC3, 0x28), null),
        Arguments.of("overlongUtf8InBody", "body", bytes(0xC0, 0xAF), null),
        Arguments.of("truncatedUtf8InName", "name", bytes(0xF0, 0x9F, 0x9A), null),
        Arguments.of("utf8EncodedSurrogateInName", "name", bytes(0xED, 0xA0, 0x80), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void submit_stringWithoutFaithfulForm_is400AndChangesNothing(
      String label, String field, byte[] raw, String pointer) {
    checks.assertRefused(checks.bodyWith(field, raw), pointer);
  }

  @Test
  void submit_rtlOverrideAndEmojiInName_roundTripExactly() {
    checks.assertRoundTrip("invoice " + RTL_OVERRIDE + "fdp.exe " + EMOJI, "{}");
  }

  @Test
  void submit_nulEmojiAndRtlInBody_roundTripToTheTargetByteExact() {
    checks.assertRoundTrip("unicode-body", "a\u0000b " + EMOJI + " " + RTL_OVERRIDE + "c\u0000");
  }

  @Test
  void submit_bodyWithEmojiAcrossTheSnippetEnd_isShownWithoutBrokenPair() {
    String body = "a".repeat(1023) + EMOJI;

    JsonNode[] shown = checks.submitAndShow("snippet-edge", body);

    for (JsonNode view : shown) {
      String snippet = view.at("/request/bodySnippet").asText();
      assertTrue(body.startsWith(snippet), "snippet is a prefix of the body");
      assertTrue(
          !Character.isHighSurrogate(snippet.charAt(snippet.length() - 1)),
          "snippet ends in half a surrogate pair");
    }
  }

  @Test
  void nothingChangedCheck_requestThatStoresAnotherTenantsCall_fails() {
    // Tenant b's call is not in tenant a's list, so only the row counts can notice it.
    var b = node.client(TestNode.KEY_B);

    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                node.assertUnchangedBy(
                    () -> {
                      var r = b.submit("tenant-b", validBody(node.neverUrl(), null).toString());
                      assertEquals(201, r.status(), r.body());
                    }));

    assertTrue(e.getMessage().contains("changed"), e.getMessage());
  }
}
