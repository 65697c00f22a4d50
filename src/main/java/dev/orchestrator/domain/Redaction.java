package dev.orchestrator.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Masks values of headers that carry credentials, wherever a request or response is shown or stored
 * outside the journal (API responses, read model, logs). A value sealed at rest ({@link
 * SealedValue}) is masked too, whatever its header's name: the operator may have listed extra
 * sensitive headers, and ciphertext is of no use to a reader either.
 */
public final class Redaction {
  public static final String MASK = "***";
  private static final Set<String> SENSITIVE =
      Set.of(
          "authorization",
          "proxy-authorization",
          "cookie",
          "set-cookie",
          "x-api-key",
          "api-key",
          "x-auth-token",
          "x-csrf-token",
          "x-amz-security-token");

  private Redaction() {}

  public static boolean isSensitive(String headerName) {
    String n = headerName.toLowerCase(Locale.ROOT);
    return SENSITIVE.contains(n)
        || n.contains("secret")
        || n.contains("token")
        || n.contains("password")
        || n.contains("signature");
  }

  public static Map<String, String> headers(Map<String, String> headers) {
    Map<String, String> out = new TreeMap<>();
    headers.forEach((k, v) -> out.put(k, isSensitive(k) || SealedValue.isSealed(v) ? MASK : v));
    return out;
  }

  /**
   * The first {@code maxChars} characters, one fewer where the cut would split a surrogate pair.
   */
  public static String snippet(String body, int maxChars) {
    if (body == null || body.length() <= maxChars) {
      return body;
    }
    // Half a pair has no UTF-8 form: serializers reject it or write '?' instead.
    int end = Character.isHighSurrogate(body.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    return body.substring(0, end);
  }
}
