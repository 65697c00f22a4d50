package dev.orchestrator.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * W3C Trace Context of a call (https://www.w3.org/TR/trace-context/): the trace it belongs to, the
 * caller's span (parent id) and flags from the submit's {@code traceparent}, and the opaque {@code
 * tracestate}. Every attempt is sent as a child span of the same trace.
 */
public record TraceContext(String traceId, String parentId, String flags, String traceState) {
  private static final Pattern HEX2 = Pattern.compile("[0-9a-f]{2}");
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_SPAN = "0".repeat(16);
  // The spec's limit is 512 characters of list-members; printable ASCII only, as the spec's
  // grammar allows, so a stored value can never break a header line.
  private static final int MAX_TRACE_STATE = 512;
  private static final Pattern TRACE_STATE = Pattern.compile("[\\x20-\\x7E]*");
  private static final HexFormat HEX = HexFormat.of();

  /**
   * The context of a {@code traceparent} header, or empty when it is absent or not valid W3C (then,
   * as the spec says, {@code tracestate} is ignored too). A version above 00 is read as 00 when its
   * first four fields are well-formed, as the spec asks of receivers.
   */
  public static Optional<TraceContext> parse(String traceparent, String tracestate) {
    if (traceparent == null) {
      return Optional.empty();
    }
    String t = traceparent.trim();
    if (t.length() < 55) {
      return Optional.empty();
    }
    String version = t.substring(0, 2);
    if (!HEX2.matcher(version).matches() || version.equals("ff")) {
      return Optional.empty();
    }
    if (version.equals("00") ? t.length() != 55 : t.length() > 55 && t.charAt(55) != '-') {
      return Optional.empty();
    }
    if (t.charAt(2) != '-' || t.charAt(35) != '-' || t.charAt(52) != '-') {
      return Optional.empty();
    }
    String traceId = t.substring(3, 35);
    String parentId = t.substring(36, 52);
    String flags = t.substring(53, 55);
    if (!TRACE_ID.matcher(traceId).matches()
        || traceId.equals(ZERO_TRACE)
        || !SPAN_ID.matcher(parentId).matches()
        || parentId.equals(ZERO_SPAN)
        || !HEX2.matcher(flags).matches()) {
      return Optional.empty();
    }
    String state = tracestate == null ? null : tracestate.trim();
    if (state != null
        && (state.isEmpty()
            || state.length() > MAX_TRACE_STATE
            || !TRACE_STATE.matcher(state).matches())) {
      state = null;
    }
    return Optional.of(new TraceContext(traceId, parentId, flags, state));
  }

  /** A new trace for a call submitted without (valid) trace context; sampled flag off. */
  public static TraceContext newTrace(RandomGenerator random) {
    String traceId;
    do {
      traceId = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    } while (traceId.equals(ZERO_TRACE));
    return new TraceContext(traceId, null, "00", null);
  }

  /**
   * The {@code traceparent} of attempt {@code attempt} of call {@code callId}: the same trace id
   * and flags, and a span id of its own. The span id is derived (SHA-256 of trace, call and
   * attempt), so it is unique per attempt and the same whenever it is computed again.
   */
  public String traceparentFor(String callId, int attempt) {
    return "00-" + traceId + "-" + spanIdFor(callId, attempt) + "-" + flags;
  }

  String spanIdFor(String callId, int attempt) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(traceId.getBytes(StandardCharsets.US_ASCII));
      sha.update(callId.getBytes(StandardCharsets.UTF_8));
      sha.update(ByteBuffer.allocate(4).putInt(attempt).array());
      byte[] digest = sha.digest();
      String span = HEX.formatHex(digest, 0, 8);
      return span.equals(ZERO_SPAN) ? HEX.formatHex(digest, 8, 16) : span;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
