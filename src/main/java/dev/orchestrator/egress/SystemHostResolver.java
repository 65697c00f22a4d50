package dev.orchestrator.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves with the JVM's resolver ({@link InetAddress#getAllByName}). The guard only passes names
 * to it, never numeric hosts, so the JDK's lenient literal parsing never decides anything.
 */
public final class SystemHostResolver implements HostResolver {

  /** Shared instance; the class has no state. */
  public static final SystemHostResolver INSTANCE = new SystemHostResolver();

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    return List.of(InetAddress.getAllByName(host));
  }
}
