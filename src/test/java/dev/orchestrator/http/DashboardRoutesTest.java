package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /ui} over real HTTP: served without a key, with the right content types, a strict CSP,
 * revalidation caching, nothing beyond the listed files; and the page's own files keep to the CSP
 * (no inline script or style) and never build markup from strings.
 */
class DashboardRoutesTest {
  private static ActorSystem<Void> system;
  private static ServerBinding binding;

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "dashboard-routes");
    var errors = new ErrorHandling(new ProblemResponses(JsonSupport.mapper()));
    binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(errors.wrap(new DashboardRoutes().routes()))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static ApiClient.Response get(String path, Map<String, String> headers) {
    return ApiTestSupport.send(binding.localAddress().getPort(), "GET", path, headers, null, false);
  }

  @Test
  void page_servedWithoutKey_withStrictCspAndRevalidation() {
    for (String path : new String[] {"/ui", "/ui/"}) {
      var r = get(path, Map.of());
      assertEquals(200, r.status(), path);
      assertEquals("text/html; charset=UTF-8", r.contentType(), path);
      assertEquals(DashboardRoutes.CONTENT_SECURITY_POLICY, r.header("Content-Security-Policy"));
      assertTrue(DashboardRoutes.CONTENT_SECURITY_POLICY.contains("script-src 'self';"));
      assertFalse(DashboardRoutes.CONTENT_SECURITY_POLICY.contains("unsafe"));
      assertEquals("nosniff", r.header("X-Content-Type-Options"));
      assertEquals("no-referrer", r.header("Referrer-Policy"));
      assertEquals("DENY", r.header("X-Frame-Options"));
      assertEquals("no-cache", r.header("Cache-Control"));
      assertTrue(r.body().contains("<script type=\"module\" src=\"/ui/js/app.js\">"), r.body());
    }
  }

  @Test
  void everyAsset_hasItsContentType_andAnswers304WhenUnchanged() {
    Map<String, String> types =
        Map.of(
            "html", "text/html; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "js", "application/javascript; charset=UTF-8",
            "svg", "image/svg+xml");
    for (String asset : DashboardRoutes.ASSETS) {
      var r = get("/ui/" + asset, Map.of());
      assertEquals(200, r.status(), asset);
      assertEquals(types.get(asset.substring(asset.lastIndexOf('.') + 1)), r.contentType(), asset);
      String etag = r.header("ETag");
      assertTrue(etag != null && etag.startsWith("\""), asset + " ETag " + etag);
      var again = get("/ui/" + asset, Map.of("If-None-Match", etag));
      assertEquals(304, again.status(), asset);
      assertEquals("", again.body(), asset);
    }
  }

  @Test
  void anythingElse_is404ProblemOr405() {
    for (String path :
        new String[] {
          "/ui/missing.js",
          "/ui/js/",
          "/uiindex.html",
          "/ui/%2e%2e/openapi/openapi.json",
          "/ui/..%2fopenapi%2fopenapi.json",
          "/ui/index.html/"
        }) {
      var r = get(path, Map.of());
      assertEquals(404, r.status(), path + ": " + r.body());
      assertTrue(r.contentType().startsWith("application/problem+json"), path);
    }
    var post =
        ApiTestSupport.send(
            binding.localAddress().getPort(), "POST", "/ui/", Map.of(), new byte[0], false);
    assertEquals(405, post.status(), post.body());
  }

  /** Every file under src/main/resources/ui is served, and every page reference resolves. */
  @Test
  void assetList_matchesTheFilesAndTheirReferences() throws IOException {
    Path root = Path.of("src/main/resources/ui");
    Set<String> files = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .forEach(p -> files.add(root.relativize(p).toString().replace('\\', '/')));
    }
    assertEquals(new TreeSet<>(DashboardRoutes.ASSETS), files);
    Matcher page = Pattern.compile("(?:href|src)=\"/ui/([^\"]+)\"").matcher(read("index.html"));
    while (page.find()) {
      assertTrue(DashboardRoutes.ASSETS.contains(page.group(1)), page.group(1));
    }
    for (String js : DashboardRoutes.ASSETS.stream().filter(a -> a.endsWith(".js")).toList()) {
      Matcher imports = Pattern.compile("from '\\./([^']+)'").matcher(read(js));
      while (imports.find()) {
        assertTrue(DashboardRoutes.ASSETS.contains("js/" + imports.group(1)), js);
      }
    }
  }

  /** What the CSP would block, and the sinks that parse strings as markup or code, are absent. */
  @Test
  void pageFiles_haveNoInlineCodeAndNoMarkupSinks() throws IOException {
    String html = read("index.html");
    assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find(), "inline script");
    assertFalse(Pattern.compile("\\son[a-z]+=").matcher(html).find(), "inline event handler");
    assertFalse(Pattern.compile("\\sstyle=|<style").matcher(html).find(), "inline style");
    String[] sinks = {
      "innerHTML",
      "outerHTML",
      "insertAdjacentHTML",
      "document.write",
      "eval(",
      "new Function",
      "localStorage",
      "location.hash",
      "history.pushState"
    };
    for (String js : DashboardRoutes.ASSETS.stream().filter(a -> a.endsWith(".js")).toList()) {
      String code = read(js);
      for (String sink : sinks) {
        assertFalse(code.contains(sink), js + " uses " + sink);
      }
    }
  }

  private static String read(String asset) throws IOException {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(DashboardRoutes.BASE + asset)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
