package dev.orchestrator.egress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The default denylist over raw address bytes, after the IANA special-purpose registries. We do not
 * use {@code InetAddress.isSiteLocalAddress()} and friends: they miss ULA, CGNAT, NAT64, 6to4 and
 * IPv4-compatible forms. IPv6 forms that carry an IPv4 address are judged by that address.
 */
final class SpecialAddresses {

  private record Range(Cidr cidr, String label) {}

  private static final List<Range> V4 =
      List.of(
          range("0.0.0.0/8", "'this network' (reaches localhost)"),
          range("127.0.0.0/8", "loopback"),
          range("10.0.0.0/8", "private"),
          range("172.16.0.0/12", "private"),
          range("192.168.0.0/16", "private"),
          range("169.254.0.0/16", "link-local (cloud metadata)"),
          range("100.64.0.0/10", "shared CGNAT space (Alibaba metadata)"),
          range("192.0.0.0/24", "IETF protocol assignments"),
          range("192.0.2.0/24", "documentation"),
          range("198.51.100.0/24", "documentation"),
          range("203.0.113.0/24", "documentation"),
          range("198.18.0.0/15", "benchmarking"),
          range("192.88.99.0/24", "6to4 relay anycast"),
          range("224.0.0.0/4", "multicast"),
          range("255.255.255.255/32", "broadcast"),
          range("240.0.0.0/4", "reserved"));

  private static final Cidr UNSPECIFIED = Cidr.parse("::/128");
  private static final Cidr LOOPBACK6 = Cidr.parse("::1/128");
  private static final Cidr COMPAT = Cidr.parse("::/96");
  private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

  private static final List<Range> V6 =
      List.of(
          range("::/128", "unspecified (reaches localhost)"),
          range("::1/128", "loopback"),
          range("::/96", "IPv4-compatible"),
          range("64:ff9b:1::/48", "local-use NAT64"),
          range("2001:db8::/32", "documentation"),
          range("2001::/32", "Teredo"),
          range("100::/64", "discard-only"),
          range("fc00::/7", "unique local (AWS IMDS fd00:ec2::254)"),
          range("fe80::/10", "link-local"),
          range("fec0::/10", "site-local"),
          range("ff00::/8", "multicast"));

  /**
   * Metadata endpoints and every IPv6 spelling that reaches them. Allow entries may not cover these
   * and host allow entries do not unlock them, unless the operator says the setup is unsafe.
   */
  private static final List<Cidr> METADATA = metadata();

  private SpecialAddresses() {}

  /** Why the address is refused by default ("127.0.0.0/8 loopback"), or empty if it is public. */
  static Optional<String> denyReason(byte[] a) {
    if (a.length == 4) {
      return lookup(V4, a);
    }
    Optional<byte[]> v4 = embeddedV4(a);
    if (v4.isPresent()) {
      return lookup(V4, v4.get()).map(r -> "embeds IPv4 " + IpLiterals.format(v4.get()) + ", " + r);
    }
    return lookup(V6, a);
  }

  /**
   * True for loopback and "any" addresses in every spelling: where our own ports live.
   * IPv4-compatible {@code ::a.b.c.d} counts, as some stacks route it like the IPv4 address.
   */
  static boolean isLocal(byte[] a) {
    byte[] v4 = a;
    if (a.length == 16) {
      if (UNSPECIFIED.contains(a) || LOOPBACK6.contains(a)) {
        return true;
      }
      boolean mappedOrCompat = MAPPED.contains(a) || COMPAT.contains(a);
      if (!mappedOrCompat) {
        return false;
      }
      v4 = tail4(a, 12);
    }
    return v4[0] == 0 || v4[0] == 127;
  }

  static boolean isMetadata(byte[] a) {
    return METADATA.stream().anyMatch(c -> c.contains(a));
  }

  static boolean overlapsMetadata(Cidr c) {
    return METADATA.stream().anyMatch(c::overlaps);
  }

  /** Labels of the denied ranges a prefix overlaps, for the startup warning. */
  static List<String> deniedOverlaps(Cidr c) {
    List<String> out = new ArrayList<>();
    for (Range r : c.isIpv6() ? V6 : V4) {
      if (r.cidr().overlaps(c)) {
        out.add(r.cidr() + " " + r.label());
      }
    }
    for (Cidr carrier : List.of(MAPPED, NAT64, SIX_TO_FOUR)) {
      if (carrier.overlaps(c)) {
        out.add(carrier + " IPv4 carrier");
      }
    }
    return out;
  }

  /** The IPv4 address inside an IPv4-mapped, NAT64 (well-known prefix) or 6to4 address. */
  private static Optional<byte[]> embeddedV4(byte[] a) {
    if (MAPPED.contains(a) || NAT64.contains(a)) {
      return Optional.of(tail4(a, 12));
    }
    if (SIX_TO_FOUR.contains(a)) {
      return Optional.of(tail4(a, 2));
    }
    return Optional.empty();
  }

  private static byte[] tail4(byte[] a, int offset) {
    byte[] out = new byte[4];
    System.arraycopy(a, offset, out, 0, 4);
    return out;
  }

  private static Optional<String> lookup(List<Range> table, byte[] a) {
    return table.stream()
        .filter(r -> r.cidr().contains(a))
        .findFirst()
        .map(r -> r.cidr() + " " + r.label());
  }

  private static List<Cidr> metadata() {
    List<Cidr> v4 = List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("100.100.100.200/32"));
    List<Cidr> out = new ArrayList<>(v4);
    out.add(Cidr.parse("fd00:ec2::254/128"));
    for (Cidr c : v4) {
      out.add(c.embeddedIn(MAPPED, 12));
      out.add(c.embeddedIn(COMPAT, 12));
      out.add(c.embeddedIn(NAT64, 12));
      out.add(c.embeddedIn(SIX_TO_FOUR, 2));
    }
    return List.copyOf(out);
  }

  private static Range range(String cidr, String label) {
    return new Range(Cidr.parse(cidr), label);
  }
}
