package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A read that fails on the database after the health gate let it through (the outage began during
 * the request) reaches the client as 503 storage-unavailable with Retry-After, not as a 500, and
 * without the pool's or driver's message.
 */
class ErrorHandlingStorageTest extends AllDirectives {
  private static ActorSystem<Void> system;
  private static ServerBinding binding;
  private static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "error-handling-storage");
    var errors = new ErrorHandling(new ProblemResponses(JsonSupport.mapper()));
    var routes = new ErrorHandlingStorageTest();
    binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(errors.wrap(routes.routes()))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private Route routes() {
    var poolTimeout =
        new SQLTransientConnectionException(
            "read-model - Connection is not available, request timed out after 3000ms.");
    return concat(
        path(
            "list",
            () ->
                onSuccess(
                    CompletableFuture.<String>supplyAsync(
                        () -> {
                          throw new IllegalStateException("list query failed", poolTimeout);
                        }),
                    s -> complete(StatusCodes.OK, s))),
        path(
            "bug",
            () ->
                onSuccess(
                    CompletableFuture.<String>supplyAsync(
                        () -> {
                          throw new IllegalStateException("a bug");
                        }),
                    s -> complete(StatusCodes.OK, s))));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    int port = binding.localAddress().getPort();
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readFailsOnTheDatabase_503StorageUnavailableWithRetryAfterAndNoInternals() throws Exception {
    var r = get("/list");

    assertEquals(503, r.statusCode(), r.body());
    assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
    assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
    assertFalse(r.body().contains("read-model"), r.body());
    assertFalse(r.body().contains("SQL"), r.body());
    assertFalse(r.body().contains("Exception"), r.body());
  }

  @Test
  void otherFailure_stays500() throws Exception {
    var r = get("/bug");

    assertEquals(500, r.statusCode(), r.body());
    assertFalse(r.headers().firstValue("Retry-After").isPresent());
  }
}
