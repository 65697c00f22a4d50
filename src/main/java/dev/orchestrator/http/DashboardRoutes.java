package dev.orchestrator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /ui}: the dashboard, static files read once from the classpath ({@code ui/}) and kept
 * in memory. Anonymous, like the OpenAPI document: the files hold no tenant data; the page asks the
 * authenticated API for everything it shows, with the key the user types in. Only the files listed
 * in {@link #ASSETS} are served, so no request path ever reaches the classpath.
 */
public final class DashboardRoutes extends AllDirectives {
  static final String BASE = "/ui/";

  /** Every file served, by its path under {@code /ui/}; "" is the page itself. */
  static final List<String> ASSETS =
      List.of(
          "index.html",
          "dashboard.css",
          "favicon.svg",
          "js/app.js",
          "js/api.js",
          "js/stream.js",
          "js/dom.js",
          "js/views.js",
          "js/timeline.js");

  /**
   * No inline script or style, no framing, no plugins, no form posts (the key form must never
   * submit, so a key can never land in a URL), and data only from this origin.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  // no-cache = revalidate every time (cheap: the ETag answers 304), so a new release's page never
  // runs with the previous release's scripts.
  private static final List<HttpHeader> HEADERS =
      List.of(
          RawHeader.create("Content-Security-Policy", CONTENT_SECURITY_POLICY),
          RawHeader.create("X-Content-Type-Options", "nosniff"),
          RawHeader.create("Referrer-Policy", "no-referrer"),
          RawHeader.create("X-Frame-Options", "DENY"),
          CacheControl.create(CacheDirectives.NO_CACHE));

  private record Asset(HttpResponse response, EntityTag etag) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  public DashboardRoutes() {
    for (String name : ASSETS) {
      byte[] bytes = load(name);
      assets.put(
          name,
          new Asset(
              HttpResponse.create()
                  .withEntity(HttpEntities.create(contentType(name), bytes))
                  .addHeaders(HEADERS),
              EntityTag.create(sha256(bytes), false)));
    }
  }

  public Route routes() {
    return pathPrefix(
        "ui",
        () ->
            get(
                () ->
                    extractUnmatchedPath(
                        rest -> {
                          // "/uifoo" also reaches here (a prefix of the segment): no asset.
                          String name = rest.isEmpty() || rest.equals("/") ? "/index.html" : rest;
                          Asset asset = name.startsWith("/") ? assets.get(name.substring(1)) : null;
                          if (asset == null) {
                            return reject();
                          }
                          return conditional(asset.etag(), () -> complete(asset.response()));
                        })));
  }

  static ContentType contentType(String name) {
    if (name.endsWith(".html")) {
      return ContentTypes.TEXT_HTML_UTF8;
    }
    if (name.endsWith(".css")) {
      return MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8);
    }
    if (name.endsWith(".js")) {
      return MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8);
    }
    if (name.endsWith(".svg")) {
      return MediaTypes.IMAGE_SVG_XML.toContentType();
    }
    throw new IllegalArgumentException("no content type for " + name);
  }

  // Read at start: a build that lost a file fails loudly instead of serving a broken page.
  private static byte[] load(String name) {
    String resource = BASE + name;
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + resource + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
