package dev.orchestrator.egress;

/**
 * One parsed {@code OUTBOUND_ALLOW_HOSTS} entry. It lets an otherwise refused destination through,
 * for its ports only; the self-port rule still wins over it.
 */
sealed interface AllowEntry {

  PortRange ports();

  /** An exact host name (lowercase, no trailing dot): unlocks the name and what it resolves to. */
  record HostName(String name, PortRange ports) implements AllowEntry {
    boolean matches(String host, int port) {
      return name.equals(host) && ports.contains(port);
    }
  }

  /** An address or prefix: unlocks addresses inside it. */
  record Network(Cidr cidr, PortRange ports) implements AllowEntry {
    boolean matches(byte[] address, int port) {
      return cidr.contains(address) && ports.contains(port);
    }
  }
}
