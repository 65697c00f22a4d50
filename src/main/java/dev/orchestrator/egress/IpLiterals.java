package dev.orchestrator.egress;

/**
 * Strict parsers and a formatter for IP literals. We parse ourselves instead of using {@code
 * InetAddress.getByName}: the JDK accepts {@code 127.1} and {@code 2130706433}, reads {@code
 * 0177.0.0.1} as decimal, falls back to DNS for bad IPv6 text, and turns IPv4-mapped IPv6 into
 * IPv4.
 */
final class IpLiterals {

  private IpLiterals() {}

  /** A canonical IPv4 or an IPv6 literal without brackets, or null. */
  static byte[] parseAny(String s) {
    return s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s);
  }

  /** Four decimal parts 0-255 without leading zeros, or null. */
  static byte[] parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || !allDecimal(p)
          || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /**
   * RFC 4291 text (no brackets, no zone id), optionally ending in a strict dotted quad, or null.
   */
  static byte[] parseV6(String s) {
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = gap < 0 ? words(s, true) : words(s.substring(0, gap), false);
    int[] tail = gap < 0 ? new int[0] : words(s.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int total = head.length + tail.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < head.length; i++) {
      out[2 * i] = (byte) (head[i] >> 8);
      out[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < tail.length; i++) {
      int w = 8 - tail.length + i;
      out[2 * w] = (byte) (tail[i] >> 8);
      out[2 * w + 1] = (byte) tail[i];
    }
    return out;
  }

  /** 16-bit words of a colon-separated run; a dotted quad may end it when {@code v4Last}. */
  private static int[] words(String run, boolean v4Last) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    boolean endsInV4 = parts[parts.length - 1].indexOf('.') >= 0;
    if (endsInV4 && !v4Last) {
      return null;
    }
    int[] out = new int[parts.length + (endsInV4 ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (endsInV4 && i == parts.length - 1) {
        byte[] v4 = parseV4(p);
        if (v4 == null) {
          return null;
        }
        out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
      } else if (p.isEmpty() || p.length() > 4 || !allHex(p)) {
        return null;
      } else {
        out[i] = Integer.parseInt(p, 16);
      }
    }
    return out;
  }

  /**
   * True when the last label reads as a number to some URL parser (WHATWG "ends in a number"): all
   * decimal digits, or {@code 0x} plus hex. Such hosts must be canonical dotted quads.
   */
  static boolean endsInNumber(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String last = h.substring(h.lastIndexOf('.') + 1);
    if (last.isEmpty()) {
      return false;
    }
    if (allDecimal(last)) {
      return true;
    }
    return (last.startsWith("0x") || last.startsWith("0X")) && allHex(last.substring(2));
  }

  /** Canonical text: dotted quad, or RFC 5952 compressed lowercase IPv6. */
  static String format(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // RFC 5952: never compress a single zero word
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && w[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(w[i]));
    }
    return sb.toString();
  }

  private static boolean allDecimal(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static boolean allHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }
}
