package dev.orchestrator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/openapi.json}: the API's OpenAPI 3.1 document, read once from the classpath
 * and kept in memory. Anonymous: it describes the API and holds no tenant data.
 */
public final class OpenApiRoutes extends AllDirectives {
  static final String RESOURCE = "/openapi/openapi.json";

  private final HttpEntity.Strict document;

  public OpenApiRoutes() {
    this.document = HttpEntities.create(ContentTypes.APPLICATION_JSON, load());
  }

  public Route routes() {
    return pathPrefix(
        "api",
        () ->
            pathPrefix(
                "v1",
                () ->
                    path(
                        "openapi.json",
                        () -> get(() -> complete(HttpResponse.create().withEntity(document))))));
  }

  // Read at start: a build that lost the document fails loudly instead of serving 500s later.
  private static byte[] load() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
