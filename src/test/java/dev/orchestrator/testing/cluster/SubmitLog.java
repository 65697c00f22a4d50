package dev.orchestrator.testing.cluster;

import dev.orchestrator.domain.ServiceCallId;
import dev.orchestrator.domain.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The client's record of every submit: ok (2xx, the id is ours), fail (a definitive 4xx: not
 * accepted) or unknown (timeout, connection error, 5xx: it may or may not have been stored). Every
 * submit carries an idempotency key, so the call id is known in advance and an unknown submit can
 * be resolved the way a client would: by sending the same body again.
 */
public final class SubmitLog {
  public enum Kind {
    OK,
    FAIL,
    UNKNOWN
  }

  /**
   * One submit.
   *
   * @param callId the id the server derives from {@code key} (known even when the answer is lost)
   * @param node the {@code host:port} of the node the submit was sent to
   * @param status HTTP status, 0 when none arrived
   */
  public record Entry(
      String key,
      String callId,
      String body,
      String node,
      Instant sentAt,
      Instant answeredAt,
      Kind kind,
      int status,
      String detail) {}

  private final String tenant;
  private final String run;
  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  /** Submits of {@code tenant}'s calls in one test phase ({@code run}, the sink path segment). */
  public SubmitLog(String tenant, String run) {
    this.tenant = tenant;
    this.run = run;
  }

  public String tenant() {
    return tenant;
  }

  public String run() {
    return run;
  }

  /** The call id the API derives from an idempotency key (ServiceCallId.fromIdempotencyKey). */
  public String callIdFor(String key) {
    return ServiceCallId.fromIdempotencyKey(new TenantId(tenant), key).callId();
  }

  /** Classifies an answer: 2xx ok, other 4xx fail, anything else (5xx, none) unknown. */
  public static Kind classify(int status) {
    if (status >= 200 && status < 300) {
      return Kind.OK;
    }
    if (status >= 400 && status < 500) {
      return Kind.FAIL;
    }
    return Kind.UNKNOWN;
  }

  /** Sends one submit synchronously to {@code node} and records its outcome. */
  public Entry submit(ClusterNode node, String apiKey, String key, String body) {
    Instant sentAt = Instant.now();
    Entry e;
    try {
      var r = node.api(apiKey).submit(tenant, body);
      e =
          new Entry(
              key,
              callIdFor(key),
              body,
              node.address(),
              sentAt,
              Instant.now(),
              classify(r.status()),
              r.status(),
              r.status() >= 300 ? r.body() : null);
    } catch (AssertionError ioFailure) {
      // ApiClient reports connection errors and timeouts this way.
      e =
          new Entry(
              key,
              callIdFor(key),
              body,
              node.address(),
              sentAt,
              Instant.now(),
              Kind.UNKNOWN,
              0,
              String.valueOf(ioFailure.getMessage()));
    }
    record(e);
    return e;
  }

  public void record(Entry e) {
    entries.add(e);
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Writes the entries as CSV (for post-mortems). */
  public Path dump(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    StringBuilder b = new StringBuilder("key,callId,node,sentAt,answeredAt,kind,status\n");
    for (Entry e : entries) {
      b.append(e.key()).append(',').append(e.callId()).append(',').append(e.node()).append(',');
      b.append(e.sentAt()).append(',').append(e.answeredAt()).append(',').append(e.kind());
      b.append(',').append(e.status()).append('\n');
    }
    Files.writeString(file, b);
    return file;
  }

  public List<Entry> of(Kind kind) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.kind() == kind) {
        out.add(e);
      }
    }
    return out;
  }
}
