package dev.orchestrator.secrets;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a synthetic IV: the 96-bit IV is the first 12 bytes of HMAC-SHA256 over the
 * associated data and the plaintext, under a key of its own. Encryption is therefore deterministic
 * (the same plaintext in the same context gives the same ciphertext) and an IV repeats only when
 * the plaintext and context repeat, which is the one case where GCM's nonce reuse reveals nothing
 * new. Encryption and IV keys are derived from the master key (HKDF-Expand, one block), so the
 * master key itself is never used by two algorithms.
 */
final class AesGcm {
  static final int IV_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec encryptionKey;
  private final SecretKeySpec ivKey;

  AesGcm(byte[] masterKey) {
    if (masterKey.length != 32) {
      throw new IllegalArgumentException("the secrets key must be 32 bytes");
    }
    this.encryptionKey = new SecretKeySpec(derive(masterKey, "orchestrator/headers/v1/aes"), "AES");
    this.ivKey = new SecretKeySpec(derive(masterKey, "orchestrator/headers/v1/iv"), HMAC);
  }

  /** iv | ciphertext | tag. */
  byte[] seal(byte[] aad, byte[] plaintext) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(ivKey);
      mac.update(aad);
      byte[] iv = Arrays.copyOf(mac.doFinal(plaintext), IV_BYTES);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BYTES * 8, iv));
      cipher.updateAAD(aad);
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * @throws GeneralSecurityException when the tag does not verify (other key, other context, or
   *     altered bytes)
   */
  byte[] open(byte[] aad, byte[] sealed) throws GeneralSecurityException {
    if (sealed.length < IV_BYTES + TAG_BYTES) {
      throw new GeneralSecurityException("sealed value too short");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        encryptionKey,
        new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, IV_BYTES));
    cipher.updateAAD(aad);
    return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
  }

  /**
   * Length-prefixed UTF-8 parts, so no two different part lists encode to the same bytes whatever
   * characters they hold.
   */
  static byte[] frame(String... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] derive(byte[] masterKey, String info) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(masterKey, HMAC));
      mac.update(info.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(new byte[] {1});
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }
}
