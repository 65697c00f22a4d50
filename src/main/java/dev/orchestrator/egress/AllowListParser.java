package dev.orchestrator.egress;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code OUTBOUND_ALLOW_HOSTS}: comma-separated {@code host}, {@code ip}, {@code ip/prefix}
 * or {@code [ipv6](/prefix)}, each optionally followed by {@code :port} or {@code :low-high}. Fails
 * fast with the offending entry in the message, so a typo stops startup instead of silently
 * allowing nothing (or too much).
 */
final class AllowListParser {

  private AllowListParser() {}

  static List<AllowEntry> parse(String spec, boolean allowUnsafe) {
    List<AllowEntry> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String raw : spec.split(",", -1)) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      try {
        out.add(checkSafe(parseEntry(entry), allowUnsafe));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "OUTBOUND_ALLOW_HOSTS entry '" + entry + "' is invalid: " + e.getMessage(), e);
      }
    }
    return List.copyOf(out);
  }

  private static AllowEntry parseEntry(String entry) {
    String target;
    String ports = null;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("missing ']'");
      }
      String rest = entry.substring(close + 1);
      int colon = rest.lastIndexOf(':');
      target = entry.substring(1, close) + (colon < 0 ? rest : rest.substring(0, colon));
      ports = colon < 0 ? null : rest.substring(colon + 1);
      if (!target.contains(":")) {
        throw new IllegalArgumentException("brackets are only for IPv6 addresses");
      }
    } else {
      int colon = entry.indexOf(':');
      if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
        throw new IllegalArgumentException(
            "more than one ':'; write IPv6 addresses in brackets, e.g. [::1]/128:8080");
      }
      target = colon < 0 ? entry : entry.substring(0, colon);
      ports = colon < 0 ? null : entry.substring(colon + 1);
    }
    PortRange range = ports == null ? PortRange.ANY : PortRange.parse(ports);
    if (target.indexOf('/') >= 0 || target.indexOf(':') >= 0) {
      return new AllowEntry.Network(Cidr.parse(target), range);
    }
    Host host = Host.parse(target);
    return host.isLiteral()
        ? new AllowEntry.Network(Cidr.parse(IpLiterals.format(host.address())), range)
        : new AllowEntry.HostName(host.name(), range);
  }

  /** Catch-alls and anything reaching a metadata endpoint need the explicit unsafe flag. */
  private static AllowEntry checkSafe(AllowEntry entry, boolean allowUnsafe) {
    if (allowUnsafe || !(entry instanceof AllowEntry.Network n)) {
      return entry;
    }
    String cidr = n.cidr().toString();
    if (cidr.endsWith("/0")) {
      throw new IllegalArgumentException(
          cidr + " allows every address; set the unsafe flag if you really mean it");
    }
    if (SpecialAddresses.overlapsMetadata(n.cidr())) {
      throw new IllegalArgumentException(
          "covers a cloud metadata address (169.254.0.0/16, 100.100.100.200, fd00:ec2::254);"
              + " set the unsafe flag if you really mean it");
    }
    return entry;
  }
}
