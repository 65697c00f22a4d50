package dev.orchestrator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/** The Orchestrator API over {@link HttpClient} (HTTP/1.1, async), as a client would use it. */
final class Api {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Outcome of one submit; {@code id} is set only on 201. Times are nanoTime values: {@code
   * startNanos} when the request should have started (the intended time of an open-model
   * generator), {@code sentNanos} when it did.
   */
  record Submitted(
      int seq,
      String id,
      int status,
      long startNanos,
      long sentNanos,
      long doneNanos,
      String error) {
    boolean ok() {
      return id != null;
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final BenchConfig cfg;
  private final String calls;
  private final LoopbackClient fast;
  private final String callsPath;

  Api(BenchConfig cfg) {
    this.cfg = cfg;
    this.calls = cfg.baseUrl() + "/api/v1/tenants/" + cfg.tenant() + "/service-calls";
    this.callsPath = URI.create(calls).getRawPath();
    this.fast = new LoopbackClient(cfg.baseUrl().getHost(), cfg.baseUrl().getPort(), cfg.apiKey());
  }

  /** The submit body: a POST to the sink, due at {@code dueAt}, which also travels as X-Due-At. */
  String body(String scenario, int seq, Instant dueAt) {
    return body(scenario, "bench-" + scenario + "-" + seq, seq, dueAt);
  }

  /** As {@link #body(String, int, Instant)}, with the call's name given. */
  String body(String scenario, String name, int seq, Instant dueAt) {
    ObjectNode root = json.createObjectNode();
    root.put("name", name);
    ObjectNode req = root.putObject("request");
    req.put("method", "POST");
    req.put("url", cfg.sinkUrl(scenario));
    ObjectNode headers = req.putObject("headers");
    headers.put("Content-Type", "application/json");
    headers.put("X-Due-At", dueAt.toString());
    headers.put("X-Bench-Seq", Integer.toString(seq));
    req.put("body", "{\"scenario\":\"" + scenario + "\",\"seq\":" + seq + "}");
    root.put("dueAt", dueAt.toString());
    root.putArray("tags").add(cfg.tag(scenario));
    return root.toString();
  }

  /**
   * Sends one submit. {@code startNanos} is when the request should have started (the intended time
   * in an open-model generator), so the latency includes any delay of the generator itself.
   */
  CompletableFuture<Submitted> submit(int seq, String body, long startNanos) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(calls))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + cfg.apiKey())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
        .handle(
            (resp, err) -> {
              long done = System.nanoTime();
              if (err != null) {
                return new Submitted(seq, null, 0, startNanos, startNanos, done, err.toString());
              }
              return submitted(seq, resp.statusCode(), resp.body(), startNanos, startNanos, done);
            });
  }

  /**
   * Sends one submit over the lean {@link LoopbackClient} and waits for the answer (burst, steady
   * and hold: the generator must cost the shared cores as little as possible). {@code
   * intendedNanos} as for {@link #submit}.
   */
  Submitted submitNow(int seq, String body, long intendedNanos) {
    long sent = System.nanoTime();
    try {
      var resp = fast.postJson(callsPath, body.getBytes(StandardCharsets.UTF_8));
      return submitted(seq, resp.status(), resp.body(), intendedNanos, sent, System.nanoTime());
    } catch (IOException | RuntimeException e) {
      return new Submitted(seq, null, 0, intendedNanos, sent, System.nanoTime(), e.toString());
    }
  }

  /** TCP connections the lean client opened to the node so far. */
  int submitConnectionsOpened() {
    return fast.connectionsOpened();
  }

  private Submitted submitted(
      int seq, int status, String body, long startNanos, long sentNanos, long doneNanos) {
    if (status != 201) {
      return new Submitted(seq, null, status, startNanos, sentNanos, doneNanos, abbreviate(body));
    }
    try {
      String id = json.readTree(body).path("serviceCallId").asText(null);
      return new Submitted(
          seq, id, 201, startNanos, sentNanos, doneNanos, id == null ? "no serviceCallId" : null);
    } catch (IOException e) {
      return new Submitted(seq, null, 201, startNanos, sentNanos, doneNanos, "unparsable 201 body");
    }
  }

  /** Every call id of the scenario's tag with the given status, following nextCursor. */
  Set<String> listIds(String status, String tag) throws IOException, InterruptedException {
    Set<String> ids = new HashSet<>();
    String cursor = null;
    for (int page = 0; page < 10_000; page++) {
      String q =
          "?status="
              + status
              + "&tag="
              + enc(tag)
              + "&limit=500"
              + (cursor == null ? "" : "&cursor=" + enc(cursor));
      HttpResponse<String> resp = http.send(get(calls + q), HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != 200) {
        throw new IOException(
            "list answered " + resp.statusCode() + ": " + abbreviate(resp.body()));
      }
      JsonNode root = json.readTree(resp.body());
      for (JsonNode item : root.path("items")) {
        ids.add(item.path("serviceCallId").asText());
      }
      JsonNode next = root.path("nextCursor");
      if (next.isMissingNode() || next.isNull() || next.asText().isEmpty()) {
        return ids;
      }
      cursor = next.asText();
    }
    throw new IOException("list did not end after 10000 pages");
  }

  /**
   * GET of every call (strongly consistent: answered by the call's entity), {@code concurrency} at
   * a time. Calls whose GET failed are absent from the result.
   */
  Map<String, JsonNode> getAll(Collection<String> ids, int concurrency)
      throws InterruptedException {
    Map<String, JsonNode> out = new ConcurrentHashMap<>();
    Semaphore permits = new Semaphore(concurrency);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (String id : ids) {
      permits.acquire();
      pending.add(
          http.sendAsync(get(calls + "/" + enc(id)), HttpResponse.BodyHandlers.ofString())
              .handle(
                  (resp, err) -> {
                    permits.release();
                    if (err == null && resp.statusCode() == 200) {
                      try {
                        out.put(id, json.readTree(resp.body()));
                      } catch (IOException e) {
                        // counted as missing by the caller
                      }
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    return out;
  }

  /**
   * GET of the tenant's service-calls URL plus {@code suffix} ({@code ?query} for the list, {@code
   * /id} for one call), blocking.
   */
  HttpResponse<String> getCalls(String suffix) throws IOException, InterruptedException {
    return http.send(get(calls + suffix), HttpResponse.BodyHandlers.ofString());
  }

  /** True when /health/ready answers 200. */
  boolean ready() {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(cfg.baseUrl() + "/health/ready"))
              .timeout(Duration.ofSeconds(5))
              .build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + cfg.apiKey())
        .GET()
        .build();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }
}
