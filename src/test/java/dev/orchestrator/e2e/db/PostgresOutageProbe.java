package dev.orchestrator.e2e.db;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.PostgresTestDatabase;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Manual probe (not a test): prints what each endpoint answers during a database outage. */
class PostgresOutageProbe {
  static String timed(String what, Supplier<ApiClient.Response> call) {
    long t0 = System.nanoTime();
    String out;
    try {
      var r = call.get();
      out = r.status() + " retry-after=" + r.header("Retry-After") + " " + r.body();
    } catch (AssertionError e) {
      out = "ERROR " + e.getMessage();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    String line =
        "PROBE " + what + " " + ms + "ms " + (out.length() > 300 ? out.substring(0, 300) : out);
    System.out.println(line);
    return line;
  }

  @Test
  void probe() throws Exception {
    PostgresTestDatabase.assumeAvailable();
    String mode = System.getProperty("probe.mode", "partition");
    try (var rig = PostgresOutageRig.start(Map.of())) {
      var api = rig.api;
      var first = api.submit("tenant-a", rig.spec(Instant.now().plusSeconds(60), null));
      String id = first.json().get("serviceCallId").asText();
      System.out.println("PROBE before conns=" + rig.backendConnections());
      if (mode.equals("partition")) {
        rig.partition();
      } else {
        rig.down();
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        timed(
            "submit" + i,
            () ->
                api.submit(
                    "tenant-a", rig.spec(Instant.now().plusSeconds(5), "k" + System.nanoTime())));
      }
      timed("get", () -> api.call("tenant-a", id));
      timed("list", () -> api.list("tenant-a", ""));
      timed("summary", () -> api.get("/api/v1/tenants/tenant-a/summary"));
      timed("ready", () -> api.get("/health/ready"));
      timed("live", () -> api.get("/health/live"));
      timed("cancel", () -> api.cancel("tenant-a", id));
      System.out.println("PROBE outage lasted " + (System.nanoTime() - t0) / 1_000_000 + "ms");
      rig.heal();
      long healed = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        String l =
            timed(
                "after-heal submit",
                () -> api.submit("tenant-a", rig.spec(Instant.now().plusSeconds(1), null)));
        if (l.contains(" 201 ")) {
          break;
        }
      }
      System.out.println(
          "PROBE recovered after " + (System.nanoTime() - healed) / 1_000_000 + "ms");
      timed("ready", () -> api.get("/health/ready"));
      timed("list", () -> api.list("tenant-a", ""));
      System.out.println("PROBE after conns=" + rig.backendConnections());
    }
  }
}
