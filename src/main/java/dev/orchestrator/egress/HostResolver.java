package dev.orchestrator.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. Behind an interface so tests can script DNS answers (rebinding)
 * without touching the network; Java 17 has no resolver SPI of its own.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * Returns every address the name resolves to now, never an empty list.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
