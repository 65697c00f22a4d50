package dev.orchestrator.execution;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Resolves a target host and decides whether we may connect to it. The invoker connects to exactly
 * the address returned, so the address that was checked is the address that is used (no second
 * lookup a DNS rebinding attack could answer differently).
 *
 * <p>Contract: return a resolved address (never unresolved) for {@code host}/{@code port}; throw
 * {@link UnknownHostException} when the name does not resolve, and a {@link
 * dev.orchestrator.egress.EgressDeniedException} when the destination is refused by policy. May
 * block (DNS): the invoker calls it off the actor threads.
 */
@FunctionalInterface
public interface AddressVetter {

  /** Resolves with the JVM resolver and allows everything. For tests and trusted setups only. */
  AddressVetter UNRESTRICTED =
      (host, port) -> new InetSocketAddress(InetAddress.getByName(host), port);

  InetSocketAddress vet(String host, int port) throws UnknownHostException;
}
