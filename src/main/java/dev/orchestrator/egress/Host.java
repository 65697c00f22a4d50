package dev.orchestrator.egress;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A validated host: either a DNS name (ASCII, lowercase) or an IP literal. Numeric hosts that are
 * not canonical dotted quads ({@code 127.1}, {@code 2130706433}, {@code 0x7f.0.0.1}) are refused,
 * because URL parsers, the JDK and libc read them differently.
 *
 * @param uriForm the host as it goes into a URI: name (trailing dot kept) or literal ({@code [v6]})
 * @param name the name without a trailing dot, or null for a literal
 * @param address the literal's bytes (4 or 16), or null for a name
 */
record Host(String uriForm, String name, byte[] address) {

  boolean isLiteral() {
    return address != null;
  }

  /**
   * Parses a host from a URI, the connect-time resolver or an allow entry.
   *
   * @throws IllegalArgumentException with a readable reason when the host is refused
   */
  static Host parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("missing host");
    }
    boolean bracketed = raw.startsWith("[") && raw.endsWith("]") && raw.length() > 2;
    if (bracketed || raw.indexOf(':') >= 0) {
      return ipv6(bracketed ? raw.substring(1, raw.length() - 1) : raw);
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        throw new IllegalArgumentException("percent-encoded host is not allowed");
      }
      if (isForbidden(c) || c == '[' || c == ']') {
        throw new IllegalArgumentException("host contains control characters, spaces or brackets");
      }
    }
    String ascii;
    try {
      ascii = IDN.toASCII(raw, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("host is not a valid domain name: " + e.getMessage());
    }
    String bare = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    checkLabels(bare);
    if (IpLiterals.endsInNumber(ascii)) {
      byte[] v4 = ascii.equals(bare) ? IpLiterals.parseV4(bare) : null;
      if (v4 == null) {
        throw new IllegalArgumentException(
            "ambiguous numeric host '"
                + ascii
                + "': write IPv4 as four decimal parts without leading zeros");
      }
      return new Host(bare, null, v4);
    }
    return new Host(ascii, bare, null);
  }

  /** Characters refused anywhere in a URL: controls, any whitespace, invisible formatting, '\'. */
  static boolean isForbidden(int c) {
    return c <= 0x20
        || c == 0x7f
        || c == '\\'
        || Character.isISOControl(c)
        || Character.isWhitespace(c)
        || Character.isSpaceChar(c)
        || Character.getType(c) == Character.FORMAT;
  }

  /**
   * Names refused before any lookup because they point at this machine or a cloud's internals.
   * Returns the rule that matched.
   */
  static Optional<String> deniedName(String name) {
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return Optional.of("localhost names");
    }
    if (name.equals("metadata.google.internal")) {
      return Optional.of("the GCP metadata server");
    }
    if (name.equals("internal") || name.endsWith(".internal")) {
      return Optional.of("*.internal names");
    }
    if (name.equals("local") || name.endsWith(".local")) {
      return Optional.of("*.local (mDNS) names");
    }
    return Optional.empty();
  }

  private static Host ipv6(String inner) {
    if (inner.indexOf('%') >= 0) {
      throw new IllegalArgumentException("IPv6 zone ids are not allowed");
    }
    byte[] v6 = IpLiterals.parseV6(inner);
    if (v6 == null) {
      throw new IllegalArgumentException("not a valid IPv6 literal: '" + inner + "'");
    }
    return new Host("[" + IpLiterals.format(v6) + "]", null, v6);
  }

  private static void checkLabels(String bare) {
    if (bare.isEmpty() || bare.length() > 253) {
      throw new IllegalArgumentException("host name must be 1-253 characters");
    }
    for (String label : bare.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) {
        throw new IllegalArgumentException("host has an empty or over-long label");
      }
    }
  }
}
