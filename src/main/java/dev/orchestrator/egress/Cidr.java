package dev.orchestrator.egress;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix over raw address bytes. Immutable; the network address has no host bits
 * set. A 4-byte and a 16-byte prefix never contain each other: embedded IPv4 is judged explicitly.
 */
final class Cidr {

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** Parses {@code a.b.c.d/n}, {@code v6/n} or a bare address (full-length prefix). */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = IpLiterals.parseAny(addr);
    if (bytes == null) {
      throw new IllegalArgumentException("not an IP address: '" + addr + "'");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
        throw new IllegalArgumentException("prefix length must be 0-" + bits + ": '" + text + "'");
      }
      prefix = Integer.parseInt(p);
    }
    Cidr c = new Cidr(bytes, prefix);
    if (!Arrays.equals(masked(bytes, prefix), bytes)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has host bits set; did you mean "
              + new Cidr(masked(bytes, prefix), prefix)
              + "?");
    }
    return c;
  }

  /** The same prefix placed inside an IPv6 prefix at byte {@code offset} (mapped, NAT64, 6to4). */
  Cidr embeddedIn(Cidr v6, int offset) {
    byte[] out = v6.network.clone();
    System.arraycopy(network, 0, out, offset, 4);
    return new Cidr(out, offset * 8 + prefix);
  }

  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    return Arrays.equals(masked(address, prefix), network);
  }

  /** Two prefixes overlap exactly when the wider one contains the other's network address. */
  boolean overlaps(Cidr other) {
    return prefix <= other.prefix ? contains(other.network) : other.contains(network);
  }

  boolean isIpv6() {
    return network.length == 16;
  }

  private static byte[] masked(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - keep)));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return IpLiterals.format(network) + "/" + prefix;
  }
}
