package dev.orchestrator.execution;

import dev.orchestrator.domain.AttemptOutcome;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Bounds attempts in flight per target host and in total, queueing the rest in arrival order.
 * Without it a burst of calls due at once to one host overflows the HTTP pool's queue and every
 * overflowing attempt fails (and burns retry budget) without ever being sent. Hosts with waiting
 * attempts take turns, so one busy host cannot starve the others of the global budget. An attempt's
 * own timeout starts when it is sent, not while it waits here.
 */
public final class ConcurrencyLimitedInvoker implements HttpInvoker {
  private final HttpInvoker delegate;
  private final int perHost;
  private final int global;
  private final Map<String, Host> hosts = new HashMap<>();
  private final ArrayDeque<Host> ready = new ArrayDeque<>();
  private int inFlight;
  private int queued;

  private static final class Host {
    final String key;
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    int inFlight;
    boolean queuedAsReady;

    Host(String key) {
      this.key = key;
    }
  }

  private record Waiting(OutboundRequest request, CompletableFuture<AttemptOutcome> result) {}

  private record Start(Host host, Waiting waiting) {}

  public ConcurrencyLimitedInvoker(HttpInvoker delegate, int perHost, int global) {
    if (perHost < 1 || global < 1) {
      throw new IllegalArgumentException("limits must be >= 1");
    }
    this.delegate = delegate;
    this.perHost = perHost;
    this.global = global;
  }

  @Override
  public CompletionStage<AttemptOutcome> invoke(OutboundRequest request) {
    var waiting = new Waiting(request, new CompletableFuture<>());
    List<Start> starts;
    synchronized (this) {
      Host host = hosts.computeIfAbsent(hostKey(request), Host::new);
      host.waiting.add(waiting);
      queued++;
      markReady(host);
      starts = dispatch();
    }
    starts.forEach(this::start);
    return waiting.result();
  }

  /** Attempts currently sent and not yet finished (for tests and metrics). */
  public synchronized int inFlight() {
    return inFlight;
  }

  /** Attempts waiting for a slot (for metrics). */
  public synchronized int queued() {
    return queued;
  }

  private void start(Start s) {
    CompletionStage<AttemptOutcome> sent;
    try {
      sent = delegate.invoke(s.waiting().request());
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete(
        (outcome, error) -> {
          release(s.host());
          if (error != null) {
            s.waiting().result().completeExceptionally(error);
          } else {
            s.waiting().result().complete(outcome);
          }
        });
  }

  private void release(Host host) {
    List<Start> starts;
    synchronized (this) {
      host.inFlight--;
      inFlight--;
      markReady(host);
      if (host.inFlight == 0 && host.waiting.isEmpty()) {
        hosts.remove(host.key);
      }
      starts = dispatch();
    }
    starts.forEach(this::start);
  }

  private void markReady(Host host) {
    if (!host.queuedAsReady && !host.waiting.isEmpty() && host.inFlight < perHost) {
      host.queuedAsReady = true;
      ready.add(host);
    }
  }

  // Round robin over hosts that have both waiting attempts and spare capacity.
  private List<Start> dispatch() {
    List<Start> starts = new ArrayList<>();
    while (inFlight < global && !ready.isEmpty()) {
      Host host = ready.poll();
      host.queuedAsReady = false;
      Waiting next = host.waiting.poll();
      if (next == null) {
        continue;
      }
      host.inFlight++;
      inFlight++;
      queued--;
      starts.add(new Start(host, next));
      markReady(host);
    }
    return starts;
  }

  static String hostKey(OutboundRequest request) {
    try {
      URI uri = URI.create(request.request().url());
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      return uri.getScheme() + "://" + host + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      // Unusable URLs fail fast in the delegate; they only need some queue.
      return "invalid";
    }
  }
}
