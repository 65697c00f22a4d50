package dev.orchestrator.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One node's view of the cluster as Pekko's {@code pekko:type=Cluster} MBean reports it ({@code
 * ClusterStatus}): each member's {@code host:port} and status, and which members some node observes
 * as unreachable.
 *
 * @param self this node's {@code host:port}
 * @param members status by {@code host:port} ({@code Up}, {@code Joining}, {@code Leaving}, {@code
 *     Exiting}, {@code Down}, ...)
 * @param unreachable members observed unreachable by someone
 */
public record ClusterView(String self, Map<String, String> members, Set<String> unreachable) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static ClusterView parse(String json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      Map<String, String> members = new LinkedHashMap<>();
      for (JsonNode m : root.path("members")) {
        // A restarted node keeps its host:port; while its old incarnation is still listed (Exiting,
        // Down) the new one's status wins once it is Up, so the address counts as present.
        String address = hostPort(m.path("address").asText());
        String status = m.path("status").asText();
        if (!"Up".equals(members.get(address))) {
          members.put(address, status);
        }
      }
      Set<String> unreachable = new TreeSet<>();
      for (JsonNode u : root.path("unreachable")) {
        unreachable.add(hostPort(u.path("node").asText()));
      }
      return new ClusterView(hostPort(root.path("self-address").asText()), members, unreachable);
    } catch (IOException e) {
      throw new IllegalArgumentException("unexpected ClusterStatus: " + json, e);
    }
  }

  /** {@code pekko://orchestrator@127.0.0.1:7355} to {@code 127.0.0.1:7355}. */
  static String hostPort(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? address : address.substring(at + 1);
  }

  /** Members this node sees Up and reachable. */
  public List<String> upAndReachable() {
    List<String> out = new ArrayList<>();
    members.forEach(
        (a, s) -> {
          if ("Up".equals(s) && !unreachable.contains(a)) {
            out.add(a);
          }
        });
    return out;
  }

  /** Exactly {@code expected} are members, all Up and reachable. */
  public boolean exactlyUp(Collection<String> expected) {
    return members.keySet().equals(Set.copyOf(expected))
        && upAndReachable().size() == expected.size();
  }

  /** {@code address} is no longer a member, or is marked Down (the SBR's decision is made). */
  public boolean downedOrRemoved(String address) {
    String status = members.get(address);
    return status == null || "Down".equals(status);
  }
}
