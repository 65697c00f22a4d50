package dev.orchestrator.domain;

/**
 * Recognises a header value that is encrypted at rest: {@code enc:v1:<base64(iv|ciphertext|tag)>}.
 * The domain only needs to tell such a value apart (it is never shown, not even as ciphertext);
 * sealing and opening live in {@code dev.orchestrator.secrets}.
 */
public final class SealedValue {
  /** Marks an encrypted value; the version lets the format change without guessing. */
  public static final String PREFIX = "enc:v1:";

  private SealedValue() {}

  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }
}
