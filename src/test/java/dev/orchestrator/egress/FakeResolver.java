package dev.orchestrator.egress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scripted DNS for tests: each name gets a queue of answers, the last one repeating. Addresses are
 * built from bytes, so no test ever reaches a resolver or the network.
 */
final class FakeResolver implements HostResolver {

  private final Map<String, Deque<List<InetAddress>>> answers = new HashMap<>();
  private final List<String> lookups = new ArrayList<>();

  /** Queues one answer for {@code host}; call again to script what a later lookup sees. */
  FakeResolver answer(String host, String... literals) {
    List<InetAddress> addresses = Arrays.stream(literals).map(FakeResolver::ip).toList();
    answers.computeIfAbsent(host, h -> new ArrayDeque<>()).add(addresses);
    return this;
  }

  @Override
  public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
    lookups.add(host);
    Deque<List<InetAddress>> queue = answers.get(host);
    if (queue == null) {
      throw new UnknownHostException(host);
    }
    return queue.size() > 1 ? queue.poll() : queue.peek();
  }

  List<String> lookups() {
    return List.copyOf(lookups);
  }

  /**
   * An address from its literal without any lookup. IPv6 text stays an {@link Inet6Address} even
   * when IPv4-mapped, which the JDK's own parser would turn into IPv4; tests cover both shapes.
   */
  static InetAddress ip(String literal) {
    try {
      byte[] v4 = IpLiterals.parseV4(literal);
      if (v4 != null) {
        return InetAddress.getByAddress(v4);
      }
      byte[] v6 = IpLiterals.parseV6(literal);
      if (v6 == null) {
        throw new IllegalArgumentException("bad literal " + literal);
      }
      return Inet6Address.getByAddress(null, v6, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
