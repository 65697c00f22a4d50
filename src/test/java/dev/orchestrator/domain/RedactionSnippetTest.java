package dev.orchestrator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RedactionSnippetTest {
  private static final String EMOJI = "\uD83D\uDE80";

  @Test
  void snippet_cutInsideSurrogatePair_dropsTheHalf() {
    assertEquals("abc", Redaction.snippet("abc" + EMOJI, 4));
  }

  @Test
  void snippet_cutAfterSurrogatePair_keepsIt() {
    assertEquals("ab" + EMOJI, Redaction.snippet("ab" + EMOJI + "cd", 4));
  }

  @Test
  void snippet_shortOrNull_isUnchanged() {
    assertEquals("a" + EMOJI, Redaction.snippet("a" + EMOJI, 3));
    assertNull(Redaction.snippet(null, 3));
  }
}
