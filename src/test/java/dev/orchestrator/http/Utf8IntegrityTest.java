package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The two checks that keep text faithful: strict UTF-8 bodies and no half surrogate pairs. */
class Utf8IntegrityTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "invalidContinuation, 7b C3 28 7d, 1",
    "overlongSlash, 7b C0 AF 7d, 1",
    "encodedSurrogate, 7b ED A0 80 7d, 1",
    "beyondUnicode, 7b F4 90 80 80 7d, 1",
    "truncatedAtEnd, 7b 7d F0 9F 9A, 2",
    "loneContinuation, 80, 0"
  })
  void firstMalformedUtf8_malformedBytes_givesTheirOffset(String label, String hex, int offset) {
    assertEquals(offset, JsonBody.firstMalformedUtf8(bytes(hex)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"n\":\"\u0000\"}", "\uD83D\uDE80 \u202E e\u0301", ""})
  void firstMalformedUtf8_wellFormedText_isMinusOne(String text) {
    assertEquals(-1, JsonBody.firstMalformedUtf8(text.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\uD800", "\uDC00b", "\uDE80\uD83D", "\uD800\uD800\uDC00"})
  void hasLoneSurrogate_halfPair_isTrue(String s) {
    assertTrue(SubmitRequestValidator.hasLoneSurrogate(s));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "\uD83D\uDE80", "a\uD83D\uDE80b\uD83D\uDE00", "\u0000"})
  void hasLoneSurrogate_wellFormed_isFalse(String s) {
    assertFalse(SubmitRequestValidator.hasLoneSurrogate(s));
  }

  private static byte[] bytes(String hex) {
    String[] parts = hex.trim().split(" ");
    byte[] out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return out;
  }
}
