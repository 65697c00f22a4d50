package dev.orchestrator.e2e.faults;

import static dev.orchestrator.e2e.faults.FaultNode.MAX_ATTEMPTS;

import dev.orchestrator.testing.FaultProxy;
import dev.orchestrator.testing.FaultTarget;
import dev.orchestrator.testing.RawHttpTarget;
import dev.orchestrator.testing.TargetBehaviours;
import dev.orchestrator.testing.TlsTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The F10 cases as targets for the 200-call mix, each on its own port (Pekko pools connections per
 * host and port, so one case cannot queue behind another), with what a call to it must end as and
 * how the target side counts what reached it.
 */
final class MixTargets implements AutoCloseable {

  /**
   * One case of the mix.
   *
   * @param status final status every call to it must reach
   * @param attempts attempts each call must have used
   * @param errorKind error kind it must end with (null for success)
   * @param seen what reached the target side so far: requests, or connections where no request can
   *     be told apart (blackhole, TLS); always 0 for a refused port
   * @param reachable whether attempts reach the target side at all (not for a refused port)
   */
  record Case(
      String name,
      String url,
      String status,
      int attempts,
      String errorKind,
      IntSupplier seen,
      boolean reachable) {

    /** A short timeout only where it must fire; elsewhere one that never decides the outcome. */
    String timeout() {
      return "TIMEOUT".equals(errorKind) ? "PT1S" : "PT5S";
    }
  }

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<Case> cases = new ArrayList<>();
  private FaultTarget landing;

  static MixTargets start(Path tempDir) throws Exception {
    MixTargets m = new MixTargets();
    try {
      m.addAll(tempDir);
    } catch (Exception e) {
      m.close();
      throw e;
    }
    return m;
  }

  List<Case> cases() {
    return cases;
  }

  /** Requests that reached where the 302 case points: must stay 0 (redirects are not followed). */
  int redirectLandingHits() {
    return landing.hits().size();
  }

  private void addAll(Path tempDir) throws Exception {
    http("ok", TargetBehaviours.status(200, Map.of()), "SUCCEEDED", 1, null);
    http(
        "huge",
        TargetBehaviours.stream(100L << 20, new TargetBehaviours.StreamProbe()),
        "SUCCEEDED",
        1,
        null);
    http("500", TargetBehaviours.status(500, Map.of()), "FAILED", MAX_ATTEMPTS, "HTTP_STATUS");
    http(
        "503-retry-after",
        TargetBehaviours.status(503, Map.of("Retry-After", "1")),
        "FAILED",
        MAX_ATTEMPTS,
        "HTTP_STATUS");
    http("429", TargetBehaviours.status(429, Map.of()), "FAILED", MAX_ATTEMPTS, "HTTP_STATUS");
    http("410", TargetBehaviours.status(410, Map.of()), "FAILED", 1, "HTTP_STATUS");
    http("404", TargetBehaviours.status(404, Map.of()), "FAILED", 1, "HTTP_STATUS");
    landing = own(FaultTarget.start());
    var redirect = TargetBehaviours.status(302, Map.of("Location", landing.url("/landing")));
    http("302", redirect, "FAILED", 1, "HTTP_STATUS");
    http(
        "dribble",
        TargetBehaviours.dribble(Duration.ofMillis(100), Duration.ofSeconds(3)),
        "FAILED",
        MAX_ATTEMPTS,
        "TIMEOUT");
    raw("empty", "");
    raw("malformed", RawHttpTarget.MALFORMED_CHUNKED);
    proxied("refused", new FaultProxy.Refuse(), "CONNECTION", false);
    proxied("blackhole", new FaultProxy.Blackhole(), "TIMEOUT", true);
    proxied("reset", new FaultProxy.Reset(8 * 1024), "CONNECTION", true);
    TlsTarget tls = own(TlsTarget.start(tempDir, false));
    FaultProxy tlsProxy = own(FaultProxy.start(tls.port()));
    cases.add(
        new Case(
            "tls-self-signed",
            tlsProxy.url("https", "/tls"),
            "FAILED",
            MAX_ATTEMPTS,
            "CONNECTION",
            tlsProxy::accepted,
            true));
  }

  private void http(String name, FaultTarget.Behaviour b, String status, int attempts, String kind)
      throws Exception {
    FaultTarget t = own(FaultTarget.start());
    String path = "/" + name;
    cases.add(
        new Case(name, t.on(path, b), status, attempts, kind, () -> t.hits(path).size(), true));
  }

  private void raw(String name, String answer) throws Exception {
    RawHttpTarget t = own(RawHttpTarget.start(answer));
    cases.add(
        new Case(
            name,
            t.url("/" + name),
            "FAILED",
            MAX_ATTEMPTS,
            "CONNECTION",
            () -> t.hits().size(),
            true));
  }

  // Behind a proxy the count is connections accepted (the proxy cannot see requests); the upstream
  // answers 32 KiB, so Reset cuts it mid-body.
  private void proxied(String name, FaultProxy.Mode mode, String kind, boolean reachable)
      throws Exception {
    FaultTarget upstream = own(FaultTarget.start());
    upstream.on("/" + name, TargetBehaviours.stream(32 * 1024, new TargetBehaviours.StreamProbe()));
    FaultProxy proxy = own(FaultProxy.start(upstream.port()));
    proxy.mode(mode);
    IntSupplier seen =
        mode instanceof FaultProxy.Reset ? () -> upstream.hits().size() : proxy::accepted;
    cases.add(
        new Case(
            name, proxy.url("http", "/" + name), "FAILED", MAX_ATTEMPTS, kind, seen, reachable));
  }

  private <T extends AutoCloseable> T own(T resource) {
    resources.add(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable r : resources) {
      r.close();
    }
  }
}
