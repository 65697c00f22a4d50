package dev.orchestrator.egress;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator's egress settings, immutable: the allowlist from {@code OUTBOUND_ALLOW_HOSTS}, the
 * service's own ports (refused on loopback and "any" addresses even when allowlisted) and the
 * unsafe flag. With an empty allowlist only public addresses are reachable.
 */
public final class EgressPolicy {

  private final List<AllowEntry> entries;
  private final Set<Integer> selfPorts;
  private final boolean allowUnsafe;

  private EgressPolicy(List<AllowEntry> entries, Set<Integer> selfPorts, boolean allowUnsafe) {
    this.entries = entries;
    this.selfPorts = selfPorts;
    this.allowUnsafe = allowUnsafe;
  }

  /**
   * Parses the allowlist ({@code null} or blank means none).
   *
   * @param allowHostsSpec comma-separated entries: {@code host}, {@code ip}, {@code ip/prefix} or
   *     {@code [ipv6](/prefix)}, each optionally with {@code :port} or {@code :low-high}
   * @param selfPorts the service's own ports (API, cluster, management, 5432); null means none
   * @param allowUnsafe permits entries covering every address or a cloud metadata address, and lets
   *     host entries reach metadata addresses
   * @throws IllegalArgumentException naming the first malformed or unsafe entry
   */
  public static EgressPolicy create(
      String allowHostsSpec, Set<Integer> selfPorts, boolean allowUnsafe) {
    Set<Integer> ports = new TreeSet<>();
    if (selfPorts != null) {
      for (Integer p : selfPorts) {
        if (p == null || p < 1 || p > 65535) {
          throw new IllegalArgumentException("self port must be 1-65535: " + p);
        }
        ports.add(p);
      }
    }
    return new EgressPolicy(
        AllowListParser.parse(allowHostsSpec, allowUnsafe), Set.copyOf(ports), allowUnsafe);
  }

  /** No allowlist, no self ports: only public addresses, the production default. */
  public static EgressPolicy publicOnly() {
    return create("", Set.of(), false);
  }

  /**
   * One line per allow entry with the denied ranges it opens, then the self ports and the unsafe
   * flag; meant for a startup WARN so a widened policy is always visible in the logs.
   */
  public List<String> describeAllowList() {
    List<String> out = new ArrayList<>();
    for (AllowEntry e : entries) {
      out.add(describe(e));
    }
    if (!selfPorts.isEmpty()) {
      out.add("own ports always refused on loopback: " + new TreeSet<>(selfPorts));
    }
    if (allowUnsafe) {
      out.add("UNSAFE: catch-all and cloud metadata entries are permitted");
    }
    return List.copyOf(out);
  }

  /** The service's own ports, as given. */
  public Set<Integer> selfPorts() {
    return selfPorts;
  }

  /** True when no entry widens the default. */
  public boolean allowsNothingExtra() {
    return entries.isEmpty();
  }

  boolean allowUnsafe() {
    return allowUnsafe;
  }

  boolean isSelfPort(int port) {
    return selfPorts.contains(port);
  }

  boolean allowsName(String name, int port) {
    return entries.stream()
        .anyMatch(e -> e instanceof AllowEntry.HostName h && h.matches(name, port));
  }

  boolean allowsAddress(byte[] address, int port) {
    return entries.stream()
        .anyMatch(e -> e instanceof AllowEntry.Network n && n.matches(address, port));
  }

  private String describe(AllowEntry e) {
    if (e instanceof AllowEntry.HostName h) {
      String reach = allowUnsafe ? "" : ", except cloud metadata";
      return String.format(
          "allow host %s, %s (any address it resolves to%s)", h.name(), h.ports(), reach);
    }
    AllowEntry.Network n = (AllowEntry.Network) e;
    List<String> opened = SpecialAddresses.deniedOverlaps(n.cidr());
    String opens = opened.isEmpty() ? "" : " (opens denied " + String.join("; ", opened) + ")";
    return String.format("allow %s, %s%s", n.cidr(), n.ports(), opens);
  }

  @Override
  public String toString() {
    return "EgressPolicy" + describeAllowList();
  }
}
