package dev.orchestrator.config;

import java.security.MessageDigest;
import java.util.Base64;

/**
 * One HMAC key for Standard Webhooks signatures, given as {@code whsec_<base64>} and at least 24
 * bytes long. The key never leaves this object except as a copy, and neither {@link #toString} nor
 * any error message contains it.
 */
public record SigningSecret(byte[] key) {
  public static final String PREFIX = "whsec_";

  /** The Standard Webhooks minimum: shorter keys are guessable. */
  public static final int MIN_BYTES = 24;

  public SigningSecret {
    if (key == null || key.length < MIN_BYTES) {
      throw new IllegalArgumentException("secret must decode to at least " + MIN_BYTES + " bytes");
    }
    key = key.clone();
  }

  /**
   * @throws IllegalArgumentException saying what is wrong, never echoing the text
   */
  public static SigningSecret fromWhsec(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("secret must start with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: a piece of the secret.
      throw new IllegalArgumentException("secret after " + PREFIX + " is not valid base64");
    }
    return new SigningSecret(key);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningSecret other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    // Constant: a hash of the key would print in default toStrings and narrow it down.
    return SigningSecret.class.hashCode();
  }

  @Override
  public String toString() {
    return "SigningSecret[***]";
  }
}
