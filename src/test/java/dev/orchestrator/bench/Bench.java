package dev.orchestrator.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Load benchmark of a running Orchestrator node (see bench/README.md; bench/run.sh starts the node
 * and runs this). Starts a sink on 127.0.0.1:{@code sink-port}, runs the chosen scenarios against
 * {@code base-url}, prints one {@code key=value} metric per line on stdout (progress goes to
 * stderr) and exits 0 when every accepted call was delivered exactly once and ended SUCCEEDED (and
 * every query answered), 1 when not, 2 on bad arguments, 3 when the whole run exceeded {@code
 * max-runtime-s}.
 */
public final class Bench {
  private static final long START = System.nanoTime();

  private Bench() {}

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.print(BenchConfig.usage());
      return;
    }
    BenchConfig cfg;
    try {
      cfg = BenchConfig.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(BenchConfig.usage());
      System.exit(2);
      return;
    }
    Results r = new Results();
    startWatchdog(cfg, r);
    int code = run(cfg, r);
    System.exit(code);
  }

  private static int run(BenchConfig cfg, Results r) {
    r.put("bench.run_id", cfg.runId());
    r.put("bench.started_at", Instant.now().truncatedTo(ChronoUnit.SECONDS));
    r.put("bench.base_url", cfg.baseUrl());
    r.put("bench.scenarios", String.join(",", cfg.scenarios()));
    r.put("bench.available_processors", Runtime.getRuntime().availableProcessors());
    Set<String> known = ConcurrentHashMap.newKeySet();
    try (Sink sink = Sink.start(cfg.sinkPort(), cfg.sinkThreads())) {
      Api api = new Api(cfg);
      if (!awaitReady(api, Duration.ofSeconds(60))) {
        r.fail("service at " + cfg.baseUrl() + " is not ready (/health/ready)");
        return finish(r);
      }
      // The warm-up submits calls: it is for the burst, steady and hold scenarios, not for queries.
      boolean submits = cfg.scenarios().stream().anyMatch(s -> !s.equals("query"));
      if (submits && cfg.warmupCalls() > 0) {
        new Burst(cfg, api, sink, r, known).run("warmup", cfg.warmupCalls(), 8, false);
        Thread.sleep(2000);
      }
      for (String scenario : cfg.scenarios()) {
        switch (scenario) {
          case "burst" ->
              new Burst(cfg, api, sink, r, known)
                  .run("burst", cfg.burstCalls(), cfg.burstClients(), true);
          case "steady" -> new Steady(cfg, api, sink, r, known).run();
          case "hold" -> new Hold(cfg, api, sink, r, known).run();
          default -> new Query(cfg, api, r, known).run();
        }
        Thread.sleep(2000);
      }
      long unexpected = sink.receivedIds().stream().filter(id -> !known.contains(id)).count();
      r.put("sink.deliveries_total", sink.totalDeliveries());
      r.put("sink.distinct_calls", sink.receivedIds().size());
      r.put("sink.unexpected_calls", unexpected);
      r.put("sink.requests_without_call_id", sink.withoutId());
      if (unexpected > 0) {
        r.fail(unexpected + " deliveries of calls this run never got a 201 for");
      }
    } catch (Exception e) {
      r.fail("benchmark aborted: " + e);
      e.printStackTrace();
    }
    return finish(r);
  }

  private static int finish(Results r) {
    r.put(
        "bench.elapsed_s",
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - START) / 1e9));
    ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .ifPresent(
            d ->
                r.put(
                    "bench.generator_cpu_s",
                    String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1e3)));
    r.print(System.out);
    return r.failed() ? 1 : 0;
  }

  private static boolean awaitReady(Api api, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (api.ready()) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  /** Whatever the server does, the run ends: print what we have and exit 3. */
  private static void startWatchdog(BenchConfig cfg, Results r) {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(Duration.ofSeconds(cfg.maxRuntimeS()).toMillis());
              } catch (InterruptedException e) {
                return;
              }
              r.fail("max-runtime-s " + cfg.maxRuntimeS() + " exceeded; results are partial");
              r.print(System.out);
              Runtime.getRuntime().halt(3);
            },
            "bench-watchdog");
    t.setDaemon(true);
    t.start();
  }

  static void log(String msg) {
    System.err.printf(
        java.util.Locale.ROOT, "[bench %6.1fs] %s%n", (System.nanoTime() - START) / 1e9, msg);
  }
}
