package dev.orchestrator.e2e.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.testing.cluster.ClusterNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads {@code GET /api/v1/tenants/{t}/service-calls/{id}/history} (straight from the journal) for
 * many calls and says which ones lack a complete successful history: the journal's own proof that
 * an acknowledged call survived the crash with every event, not just a read-model row.
 */
final class CallHistories {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CallHistories() {}

  /**
   * Ids whose history is missing or not complete: it must start with {@code ServiceCallScheduled},
   * end with {@code ServiceCallSucceeded}, hold at least one {@code ExecutionStarted}, and number
   * its events 1..n without a gap. Each problem is {@code id:reason}.
   */
  static List<String> incompleteSuccesses(
      ClusterNode node, String apiKey, String tenant, Collection<String> ids) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> checks = new ArrayList<>();
      for (String id : ids) {
        checks.add(pool.submit(() -> check(http, node, apiKey, tenant, id)));
      }
      List<String> problems = new ArrayList<>();
      for (Future<String> f : checks) {
        String p = f.get();
        if (p != null) {
          problems.add(p);
        }
      }
      problems.sort(null);
      return problems;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String check(
      HttpClient http, ClusterNode node, String apiKey, String tenant, String id) throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + node.httpPort()
                            + "/api/v1/tenants/"
                            + tenant
                            + "/service-calls/"
                            + id
                            + "/history"))
                .header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(15))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return id + ":history " + r.statusCode();
    }
    List<String> types = new ArrayList<>();
    long expectedSeq = 1;
    for (JsonNode e : MAPPER.readTree(r.body()).path("events")) {
      if (e.path("seqNr").asLong() != expectedSeq++) {
        return id + ":gap at seqNr " + e.path("seqNr").asLong();
      }
      types.add(e.path("type").asText());
    }
    if (types.isEmpty()
        || !"ServiceCallScheduled".equals(types.get(0))
        || !"ServiceCallSucceeded".equals(types.get(types.size() - 1))
        || !types.contains("ExecutionStarted")) {
      return id + ":" + types;
    }
    return null;
  }
}
