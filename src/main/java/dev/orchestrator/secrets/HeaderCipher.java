package dev.orchestrator.secrets;

import dev.orchestrator.domain.CallRequest;
import dev.orchestrator.domain.CallSpec;
import dev.orchestrator.domain.Redaction;
import dev.orchestrator.domain.SealedValue;
import dev.orchestrator.domain.ServiceCallId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Seals the values of sensitive request headers before a call is stored, and opens them right
 * before the request is sent. A sealed value is {@code enc:v1:<base64(iv|ciphertext|tag)>}
 * (AES-256-GCM).
 *
 * <p>The call's tenant, call id and the header's name are the associated data, so a sealed value
 * only opens on the header and call it was sealed for: copied to another call or header, it fails.
 * The IV is derived from that context and the value (see {@link AesGcm}), which makes sealing
 * deterministic: a resubmission with the same idempotency key and the same headers seals to the
 * same bytes and still compares equal to the stored call ({@link CallSpec#sameIntentAs}). What this
 * reveals is only that a header of one call kept its value, which the resubmitting client knows
 * anyway.
 *
 * <p>Which values are sealed: headers {@link Redaction#isSensitive} names, those in the operator's
 * extra list, and any value that already looks sealed, so every value with the prefix in the
 * journal is our ciphertext and opening never has to guess. Values without the prefix (calls stored
 * before encryption existed, or headers listed as sensitive only later) are sent as stored.
 */
public final class HeaderCipher {
  private static final String CONTEXT = "orchestrator-header-v1";

  private final AesGcm aes;
  private final Set<String> extraSensitive;

  private HeaderCipher(AesGcm aes, Set<String> extraSensitive) {
    this.aes = aes;
    this.extraSensitive = extraSensitive;
  }

  /**
   * @param masterKey 32 bytes ({@link SecretsKeys#resolve})
   * @param extraSensitiveHeaders header names to seal besides the built-in ones (any case)
   */
  public static HeaderCipher create(byte[] masterKey, Collection<String> extraSensitiveHeaders) {
    return new HeaderCipher(
        new AesGcm(masterKey),
        extraSensitiveHeaders.stream()
            .map(h -> h.strip().toLowerCase(Locale.ROOT))
            .filter(h -> !h.isEmpty())
            .collect(Collectors.toUnmodifiableSet()));
  }

  public boolean isSensitive(String headerName) {
    return Redaction.isSensitive(headerName)
        || extraSensitive.contains(headerName.toLowerCase(Locale.ROOT));
  }

  /** The spec with its request's sensitive header values sealed for call {@code id}. */
  public CallSpec seal(ServiceCallId id, CallSpec spec) {
    CallRequest sealed = seal(id, spec.request());
    return sealed == spec.request() ? spec : spec.withRequest(sealed);
  }

  /** The request with its sensitive header values sealed for call {@code id}. */
  public CallRequest seal(ServiceCallId id, CallRequest request) {
    boolean any = false;
    Map<String, String> headers = new LinkedHashMap<>();
    for (var h : request.headers().entrySet()) {
      String value = h.getValue();
      if (value != null && (isSensitive(h.getKey()) || SealedValue.isSealed(value))) {
        value = sealValue(id, h.getKey(), value);
        any = true;
      }
      headers.put(h.getKey(), value);
    }
    return any ? withHeaders(request, headers) : request;
  }

  /**
   * The request as it must be sent: every sealed header value opened.
   *
   * @throws UndecryptableHeaderException when a value does not open with this key for this call
   */
  public CallRequest open(ServiceCallId id, CallRequest request)
      throws UndecryptableHeaderException {
    boolean any = false;
    Map<String, String> headers = new LinkedHashMap<>();
    for (var h : request.headers().entrySet()) {
      String value = h.getValue();
      if (SealedValue.isSealed(value)) {
        value = openValue(id, h.getKey(), value);
        any = true;
      }
      headers.put(h.getKey(), value);
    }
    return any ? withHeaders(request, headers) : request;
  }

  /**
   * The request with the values sealed for {@code from} sealed for {@code to} instead, so a stored
   * request (an event subscription's headers) can be copied into a call without its plaintext ever
   * leaving this class.
   *
   * @throws UndecryptableHeaderException when a value does not open with this key for {@code from}
   */
  public CallRequest reseal(ServiceCallId from, ServiceCallId to, CallRequest request)
      throws UndecryptableHeaderException {
    return seal(to, open(from, request));
  }

  String sealValue(ServiceCallId id, String headerName, String value) {
    byte[] sealed = aes.seal(aad(id, headerName), value.getBytes(StandardCharsets.UTF_8));
    return SealedValue.PREFIX + Base64.getEncoder().encodeToString(sealed);
  }

  String openValue(ServiceCallId id, String headerName, String sealed)
      throws UndecryptableHeaderException {
    try {
      byte[] bytes = Base64.getDecoder().decode(sealed.substring(SealedValue.PREFIX.length()));
      return new String(aes.open(aad(id, headerName), bytes), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new UndecryptableHeaderException(headerName);
    }
  }

  // Lower-cased name: HTTP header names are case-insensitive, so the binding is to the header.
  private static byte[] aad(ServiceCallId id, String headerName) {
    return AesGcm.frame(
        CONTEXT, id.tenant().value(), id.callId(), headerName.toLowerCase(Locale.ROOT));
  }

  private static CallRequest withHeaders(CallRequest r, Map<String, String> headers) {
    return new CallRequest(r.method(), r.url(), headers, r.body());
  }
}
