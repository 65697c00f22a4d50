package dev.orchestrator.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Where sharding placed the call entities, read from each node's Pekko Management endpoint {@code
 * GET /cluster/shards/ServiceCall} (the shards that node's region hosts now, with their live entity
 * counts). Read-only, on the management port the harness gives every node.
 */
public final class ShardPlacement {
  /** The entity type name of the service calls' sharding region. */
  public static final String TYPE = "ServiceCall";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private ShardPlacement() {}

  /** Shard id to live entity count, for the shards {@code node} hosts. */
  public static Map<Integer, Integer> hostedBy(ClusterNode node)
      throws IOException, InterruptedException {
    var r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + node.managementPort() + "/cluster/shards/" + TYPE))
                .timeout(Duration.ofSeconds(15))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("shards of " + node + ": " + r.statusCode() + " " + r.body());
    }
    Map<Integer, Integer> out = new HashMap<>();
    for (JsonNode region : MAPPER.readTree(r.body()).path("regions")) {
      out.put(region.path("shardId").asInt(), region.path("numEntities").asInt());
    }
    return out;
  }
}
