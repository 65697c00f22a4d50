package dev.orchestrator.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.domain.ServiceCallStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The reconciliation of RELIABILITY §4. After the faults stop it first resolves unknown submits the
 * way a client would (the same body again, same idempotency key), then reads every accepted call
 * through the API (GET, strongly consistent) until all are terminal or the quiescence deadline
 * passes, and compares the API with what the sink received and with the node logs. It returns a
 * {@link Report}; the tests assert on it and print it.
 */
public final class Oracle {
  /** Log lines that mean the journal was written by two owners or replayed inconsistently. */
  public static final List<String> JOURNAL_ERRORS =
      List.of("duplicate key", "Invalid replayed event");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What the reconciliation found.
   *
   * @param submitted submits sent
   * @param okAtOnce answered 2xx at once
   * @param failed refused definitively (4xx)
   * @param unknown neither (timeout, connection error, 5xx)
   * @param unknownThatExisted unknown submits whose retry answered 200: the first one was stored
   * @param unknownCreatedByRetry unknown submits whose retry answered 201: the first was not stored
   * @param unknownUnresolved unknown submits whose retry did not get a 2xx either
   * @param accepted calls the client knows exist: okAtOnce plus the resolved unknowns
   * @param lost accepted calls not terminal at the deadline, or SUCCEEDED but never received 2xx
   * @param stuck accepted calls still SCHEDULED or RUNNING at the deadline
   * @param duplicated calls the sink answered 2xx more than once
   * @param duplicatesWithDifferentKeys duplicated calls whose copies differ in Idempotency-Key or
   *     webhook-id
   * @param duplicatedAfterInterruption duplicated calls whose extra 2xx copy came from an attempt
   *     the journal shows interrupted (no outcome recorded, re-run with {@code resumed}): the crash
   *     case the catalogue bounds by the attempts in flight at the fault
   * @param duplicatedAfterTimeout duplicated calls whose extra 2xx copy came from an attempt the
   *     journal recorded as TIMEOUT: the target answered after the node had given up (at-least-once
   *     by timeout; on a starved box, a response or a request delayed past the attempt timeout)
   * @param duplicatedOther duplicated calls fitting neither (must be 0)
   * @param unexpected calls the sink received that the client never got accepted
   * @param statusMismatch calls whose API status disagrees with the sink (SUCCEEDED iff a 2xx)
   * @param hiddenAttempts attempts the sink saw beyond the call's attempt count, plus repeated
   *     attempt numbers (hidden client retries, K16); must be 0
   * @param unseenAttempts attempts the call counts that never reached the sink: allowed only for
   *     attempts interrupted by a crash before their request was sent
   * @param unseenUnexplained calls with an unseen attempt that the journal shows neither
   *     interrupted (no outcome, a later attempt resumed) nor failed; must be empty
   * @param concurrentOnTwoNodes calls with attempts from two nodes overlapping in time at the sink
   * @param journalErrors log lines matching {@link #JOURNAL_ERRORS}, by log file name
   * @param sinkRequests requests the sink received
   * @param reconcileTime how long resolving and waiting for terminal states took
   */
  public record Report(
      int submitted,
      int okAtOnce,
      int failed,
      int unknown,
      int unknownThatExisted,
      int unknownCreatedByRetry,
      int unknownUnresolved,
      int accepted,
      List<String> lost,
      List<String> stuck,
      List<String> duplicated,
      List<String> duplicatesWithDifferentKeys,
      List<String> duplicatedAfterInterruption,
      List<String> duplicatedAfterTimeout,
      List<String> duplicatedOther,
      List<String> unexpected,
      List<String> statusMismatch,
      int hiddenAttempts,
      int unseenAttempts,
      List<String> unseenUnexplained,
      List<String> concurrentOnTwoNodes,
      Map<String, Integer> journalErrors,
      int sinkRequests,
      Duration reconcileTime) {

    public int journalErrorCount() {
      return journalErrors.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line per figure, ids cut to the first few; what the tests print. */
    public String summary() {
      return "submitted="
          + submitted
          + " okAtOnce="
          + okAtOnce
          + " failed="
          + failed
          + " unknown="
          + unknown
          + " (existed="
          + unknownThatExisted
          + " createdByRetry="
          + unknownCreatedByRetry
          + " unresolved="
          + unknownUnresolved
          + ") accepted="
          + accepted
          + "\n lost="
          + count(lost)
          + " stuck="
          + count(stuck)
          + " duplicated="
          + count(duplicated)
          + " (afterInterruption="
          + count(duplicatedAfterInterruption)
          + " afterTimeout="
          + count(duplicatedAfterTimeout)
          + " other="
          + count(duplicatedOther)
          + ") duplicatesWithDifferentKeys="
          + count(duplicatesWithDifferentKeys)
          + " unexpected="
          + count(unexpected)
          + " statusMismatch="
          + count(statusMismatch)
          + "\n hiddenAttempts="
          + hiddenAttempts
          + " unseenAttempts="
          + unseenAttempts
          + " unseenUnexplained="
          + count(unseenUnexplained)
          + " concurrentOnTwoNodes="
          + count(concurrentOnTwoNodes)
          + " journalErrors="
          + journalErrors
          + " sinkRequests="
          + sinkRequests
          + " reconcileTime="
          + reconcileTime.toMillis()
          + "ms";
    }

    private static String count(List<String> ids) {
      return ids.size() + (ids.isEmpty() ? "" : " " + ids.subList(0, Math.min(5, ids.size())));
    }
  }

  private final SubmitLog log;
  private final RecordingSink sink;
  private final Supplier<List<ClusterNode>> liveNodes;
  private final String apiKey;
  private final Supplier<List<Path>> logs;

  public Oracle(
      SubmitLog log,
      RecordingSink sink,
      Supplier<List<ClusterNode>> liveNodes,
      String apiKey,
      Supplier<List<Path>> logs) {
    this.log = log;
    this.sink = sink;
    this.liveNodes = liveNodes;
    this.apiKey = apiKey;
    this.logs = logs;
  }

  /** For a {@link TestCluster} and its tenant. */
  public static Oracle of(TestCluster cluster, SubmitLog log, RecordingSink sink) {
    return new Oracle(log, sink, cluster::live, TestCluster.API_KEY, cluster::logs);
  }

  /**
   * Waits, without any API call, until the sink has answered 2xx to every call whose submit was
   * answered 2xx: those calls must be woken and run by the cluster alone (no client poke). Returns
   * the ids still undelivered at the deadline. Only for runs where the sink always answers 2xx.
   */
  public List<String> awaitDeliveredUntouched(Duration max) throws InterruptedException {
    Instant deadline = Instant.now().plus(max);
    while (true) {
      Set<String> delivered = new HashSet<>();
      for (RecordingSink.Hit h : sink.hits(log.run())) {
        if (h.ok()) {
          delivered.add(h.callId());
        }
      }
      List<String> missing =
          log.of(SubmitLog.Kind.OK).stream()
              .map(SubmitLog.Entry::callId)
              .filter(id -> !delivered.contains(id))
              .sorted()
              .toList();
      if (missing.isEmpty() || Instant.now().isAfter(deadline)) {
        return missing;
      }
      Thread.sleep(500);
    }
  }

  /** Resolves, waits up to {@code quiescence} for every accepted call to finish, reconciles. */
  public Report reconcile(Duration quiescence) throws Exception {
    Instant start = Instant.now();
    List<SubmitLog.Entry> entries = log.entries();
    Set<String> accepted = new HashSet<>();
    int ok = 0;
    int failed = 0;
    int unknown = 0;
    int existed = 0;
    int created = 0;
    int unresolved = 0;
    for (SubmitLog.Entry e : entries) {
      switch (e.kind()) {
        case OK -> {
          ok++;
          accepted.add(e.callId());
        }
        case FAIL -> failed++;
        case UNKNOWN -> {
          unknown++;
          int status = resubmit(e);
          if (status == 200) {
            existed++;
            accepted.add(e.callId());
          } else if (status == 201) {
            created++;
            accepted.add(e.callId());
          } else {
            unresolved++;
          }
        }
      }
    }
    Map<String, JsonNode> finalViews = awaitTerminal(accepted, start.plus(quiescence));
    Instant settled = Instant.now();

    Map<String, List<RecordingSink.Hit>> byCall = sink.byCall(log.run());
    List<String> lost = new ArrayList<>();
    List<String> stuck = new ArrayList<>();
    List<String> mismatch = new ArrayList<>();
    int hidden = 0;
    int unseen = 0;
    Set<String> anomalies = new java.util.TreeSet<>();
    List<String> unseenUnexplained = new ArrayList<>();
    for (String id : accepted) {
      JsonNode view = finalViews.get(id);
      String status = view == null ? "UNKNOWN" : view.path("status").asText();
      List<RecordingSink.Hit> hits = byCall.getOrDefault(id, List.of());
      boolean got2xx = hits.stream().anyMatch(RecordingSink.Hit::ok);
      boolean terminal = view != null && ServiceCallStatus.valueOf(status).terminal();
      if (!terminal) {
        lost.add(id + ":" + status);
        if (view != null) {
          stuck.add(id + ":" + status);
        }
      } else if ("SUCCEEDED".equals(status) && !got2xx) {
        lost.add(id + ":SUCCEEDED-never-received");
      }
      if (terminal && ("SUCCEEDED".equals(status) != got2xx)) {
        mismatch.add(id + ":" + status + "/2xx=" + got2xx);
      }
      int attempts = view == null ? 0 : view.path("attempts").asInt();
      long distinctAttempts = hits.stream().mapToInt(RecordingSink.Hit::attempt).distinct().count();
      int extra = Math.max(0, hits.size() - attempts) + (int) (hits.size() - distinctAttempts);
      hidden += extra;
      unseen += Math.max(0, attempts - hits.size());
      if (attempts > hits.size() && !unseenExplained(hits, attempts, history(id))) {
        unseenUnexplained.add(id);
      }
      if (extra > 0 || attempts != hits.size()) {
        anomalies.add(id);
      }
    }
    List<String> duplicated = new ArrayList<>();
    List<String> differentKeys = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> concurrent = new ArrayList<>();
    for (var e : byCall.entrySet()) {
      List<RecordingSink.Hit> hits = e.getValue();
      if (!accepted.contains(e.getKey())) {
        unexpected.add(e.getKey());
      }
      if (hits.stream().filter(RecordingSink.Hit::ok).count() > 1) {
        duplicated.add(e.getKey());
        if (hits.stream().map(h -> h.idempotencyKey() + "|" + h.webhookId()).distinct().count()
            > 1) {
          differentKeys.add(e.getKey());
        }
      }
      if (overlapAcrossNodes(hits)) {
        concurrent.add(e.getKey());
      }
    }
    List<String> afterInterruption = new ArrayList<>();
    List<String> afterTimeout = new ArrayList<>();
    List<String> otherDuplicates = new ArrayList<>();
    for (String id : duplicated) {
      switch (duplicateCause(byCall.get(id), history(id))) {
        case "interrupted" -> afterInterruption.add(id);
        case "timeout" -> afterTimeout.add(id);
        default -> otherDuplicates.add(id);
      }
    }
    anomalies.addAll(duplicated);
    anomalies.addAll(unexpected);
    lost.forEach(l -> anomalies.add(l.substring(0, l.indexOf(':'))));
    writeAnomalies(anomalies, byCall, finalViews);
    return new Report(
        entries.size(),
        ok,
        failed,
        unknown,
        existed,
        created,
        unresolved,
        accepted.size(),
        sorted(lost),
        sorted(stuck),
        sorted(duplicated),
        sorted(differentKeys),
        sorted(afterInterruption),
        sorted(afterTimeout),
        sorted(otherDuplicates),
        sorted(unexpected),
        sorted(mismatch),
        hidden,
        unseen,
        sorted(unseenUnexplained),
        sorted(concurrent),
        journalErrors(logs.get()),
        sink.hits(log.run()).size(),
        Duration.between(start, settled));
  }

  /**
   * For post-mortems: each anomalous call (duplicated, lost, unexpected, attempt counts that differ
   * from the sink's) with its sink hits and its journal history from the API, in
   * target/fault-reports/<run>-anomalies.txt. At most 60 calls.
   */
  private void writeAnomalies(
      Set<String> ids, Map<String, List<RecordingSink.Hit>> byCall, Map<String, JsonNode> views)
      throws IOException {
    StringBuilder b = new StringBuilder();
    int n = 0;
    for (String id : ids) {
      if (n++ >= 60) {
        b.append("... ").append(ids.size() - 60).append(" more\n");
        break;
      }
      JsonNode v = views.get(id);
      b.append("== ").append(id).append(' ').append(v == null ? "?" : v.path("status").asText());
      b.append(" attempts=").append(v == null ? "?" : v.path("attempts").asText()).append('\n');
      for (RecordingSink.Hit h : byCall.getOrDefault(id, List.of())) {
        b.append("  sink #").append(h.attempt()).append(" from ").append(h.node());
        b.append(" at ").append(h.arrivedAt()).append(" answered ").append(h.answeredAt());
        b.append(' ').append(h.status()).append('\n');
      }
      try {
        var r =
            send(
                HttpRequest.newBuilder(
                        uri(
                            "/api/v1/tenants/"
                                + log.tenant()
                                + "/service-calls/"
                                + id
                                + "/history"))
                    .GET());
        for (JsonNode e : MAPPER.readTree(r.body()).path("events")) {
          b.append("  event ").append(compact(e)).append('\n');
        }
      } catch (IOException | RuntimeException e) {
        b.append("  history unavailable: ").append(e).append('\n');
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    Path file = Path.of("target", "fault-reports", log.run() + "-anomalies.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, b);
  }

  /**
   * Why a call got more than one 2xx: each extra 2xx copy (one whose attempt is not the one the
   * journal's ServiceCallSucceeded names) is "timeout" when the journal recorded that attempt as
   * failed with TIMEOUT, "interrupted" when it recorded no outcome for it and a later attempt
   * resumed; anything else (an unknown attempt, the same attempt twice) is "other". One interrupted
   * copy makes the call "interrupted".
   */
  static String duplicateCause(List<RecordingSink.Hit> hits, List<JsonNode> events) {
    int succeeded = -1;
    Map<Integer, String> failedKind = new java.util.HashMap<>();
    Set<Integer> resumedAttempts = new HashSet<>();
    for (JsonNode e : events) {
      String type = e.path("type").asText();
      int attempt = e.path("attempt").asInt(-1);
      switch (type) {
        case "ServiceCallSucceeded" -> succeeded = attempt;
        case "AttemptFailed", "ServiceCallFailed" ->
            failedKind.put(attempt, e.path("error").path("kind").asText());
        case "ExecutionStarted" -> {
          if (e.path("resumed").asBoolean(false)) {
            resumedAttempts.add(attempt);
          }
        }
        default -> {}
      }
    }
    String cause = "timeout";
    Set<Integer> seen = new HashSet<>();
    for (RecordingSink.Hit h : hits) {
      if (!h.ok()) {
        continue;
      }
      int a = h.attempt();
      if (!seen.add(a)) {
        return "other";
      }
      if (a == succeeded) {
        continue;
      }
      if ("TIMEOUT".equals(failedKind.get(a))) {
        continue;
      }
      final int attempt = a;
      if (!failedKind.containsKey(a) && resumedAttempts.stream().anyMatch(r -> r > attempt)) {
        cause = "interrupted";
      } else {
        return "other";
      }
    }
    return cause;
  }

  /**
   * True when every attempt up to {@code attempts} that the sink never saw is one the journal shows
   * interrupted (no outcome, a later attempt resumed) or failed (e.g. TIMEOUT while queued).
   */
  static boolean unseenExplained(
      List<RecordingSink.Hit> hits, int attempts, List<JsonNode> events) {
    Set<Integer> seen = new HashSet<>();
    hits.forEach(h -> seen.add(h.attempt()));
    Set<Integer> failed = new HashSet<>();
    Set<Integer> resumed = new HashSet<>();
    for (JsonNode e : events) {
      int a = e.path("attempt").asInt(-1);
      switch (e.path("type").asText()) {
        case "AttemptFailed", "ServiceCallFailed" -> failed.add(a);
        case "ExecutionStarted" -> {
          if (e.path("resumed").asBoolean(false)) {
            resumed.add(a);
          }
        }
        default -> {}
      }
    }
    for (int a = 1; a <= attempts; a++) {
      final int attempt = a;
      if (!seen.contains(a)
          && !failed.contains(a)
          && resumed.stream().noneMatch(r -> r > attempt)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The attempts {@code node} had in flight in the node's own sense when it died: requests it sent
   * (sink hits from it) whose outcome the journal never recorded. This counts attempts the sink had
   * already answered but whose result the node had not yet persisted, which the sink's own
   * in-flight view misses; they are the only ones a crash may legitimately run again (RELIABILITY
   * F1/F3 bound duplicates by them). Call after {@link #reconcile}, when histories are final.
   */
  public List<RecordingSink.Hit> unrecordedAttemptsOf(String node) throws InterruptedException {
    Map<String, List<RecordingSink.Hit>> byCall = new java.util.TreeMap<>();
    for (RecordingSink.Hit h : sink.hits(log.run())) {
      if (node.equals(h.node())) {
        byCall.computeIfAbsent(h.callId(), k -> new ArrayList<>()).add(h);
      }
    }
    List<RecordingSink.Hit> out = new ArrayList<>();
    for (var e : byCall.entrySet()) {
      Set<Integer> recorded = recordedAttempts(history(e.getKey()));
      e.getValue().stream().filter(h -> !recorded.contains(h.attempt())).forEach(out::add);
    }
    return out;
  }

  /** Attempt numbers whose outcome the journal holds. */
  static Set<Integer> recordedAttempts(List<JsonNode> events) {
    Set<Integer> recorded = new HashSet<>();
    for (JsonNode e : events) {
      switch (e.path("type").asText()) {
        case "AttemptFailed", "ServiceCallFailed", "ServiceCallSucceeded" ->
            recorded.add(e.path("attempt").asInt(-1));
        default -> {}
      }
    }
    return recorded;
  }

  private List<JsonNode> history(String id) throws InterruptedException {
    try {
      var r =
          send(
              HttpRequest.newBuilder(
                      uri("/api/v1/tenants/" + log.tenant() + "/service-calls/" + id + "/history"))
                  .GET());
      List<JsonNode> out = new ArrayList<>();
      MAPPER.readTree(r.body()).path("events").forEach(out::add);
      return out;
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  // An event without the (long, repeated) request.
  private static String compact(JsonNode e) {
    if (e.isObject()) {
      var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) e).deepCopy();
      copy.remove("request");
      copy.remove("spec");
      return copy.toString();
    }
    return e.toString();
  }

  /** Matching lines of {@link #JOURNAL_ERRORS} in each log (only files with any). */
  public static Map<String, Integer> journalErrors(List<Path> logs) throws IOException {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Path p : logs) {
      if (!Files.exists(p)) {
        continue;
      }
      int n = 0;
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        for (String bad : JOURNAL_ERRORS) {
          if (line.contains(bad)) {
            n++;
            break;
          }
        }
      }
      if (n > 0) {
        out.put(p.getFileName().toString(), n);
      }
    }
    return out;
  }

  static boolean overlapAcrossNodes(List<RecordingSink.Hit> hits) {
    for (int i = 0; i < hits.size(); i++) {
      for (int j = i + 1; j < hits.size(); j++) {
        var a = hits.get(i);
        var b = hits.get(j);
        if (a.node() != null
            && !a.node().equals(b.node())
            && a.arrivedAt().isBefore(b.end())
            && b.arrivedAt().isBefore(a.end())) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> sorted(List<String> ids) {
    List<String> out = new ArrayList<>(ids);
    out.sort(null);
    return List.copyOf(out);
  }

  // ---- API access: any live node will do; a node dying under us is not the call's fault.

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final AtomicInteger rr = new AtomicInteger();

  private int resubmit(SubmitLog.Entry e) throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      try {
        var r =
            send(
                HttpRequest.newBuilder(uri("/api/v1/tenants/" + log.tenant() + "/service-calls"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(e.body())));
        if (r.statusCode() < 500) {
          return r.statusCode();
        }
      } catch (IOException ex) {
        // Next node, after a moment.
      }
      Thread.sleep(500);
    }
    return 0;
  }

  private Map<String, JsonNode> awaitTerminal(Set<String> ids, Instant deadline) throws Exception {
    Map<String, JsonNode> views = new ConcurrentHashMap<>();
    Set<String> open = ConcurrentHashMap.newKeySet();
    open.addAll(ids);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      while (true) {
        List<Future<?>> round = new ArrayList<>();
        for (String id : List.copyOf(open)) {
          round.add(
              pool.submit(
                  () -> {
                    JsonNode v = get(id);
                    if (v != null) {
                      views.put(id, v);
                      if (ServiceCallStatus.valueOf(v.path("status").asText()).terminal()) {
                        open.remove(id);
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : round) {
          f.get();
        }
        if (open.isEmpty() || Instant.now().isAfter(deadline)) {
          return views;
        }
        Thread.sleep(1000);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private JsonNode get(String id) {
    try {
      var r =
          send(
              HttpRequest.newBuilder(
                      uri("/api/v1/tenants/" + log.tenant() + "/service-calls/" + id))
                  .GET());
      return r.statusCode() == 200 ? MAPPER.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    return http.send(
        b.header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    List<ClusterNode> nodes = liveNodes.get();
    if (nodes.isEmpty()) {
      throw new IllegalStateException("no live node to reconcile through");
    }
    ClusterNode n = nodes.get(Math.floorMod(rr.getAndIncrement(), nodes.size()));
    return URI.create("http://127.0.0.1:" + n.httpPort() + path);
  }
}
