package dev.orchestrator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the API over real HTTP the way a client would. */
public final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A response with its body parsed when it is JSON. */
  public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String apiKey;

  public ApiClient(int port, String apiKey) {
    this.base = "http://127.0.0.1:" + port;
    this.apiKey = apiKey;
  }

  public ApiClient withKey(String key) {
    return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), key);
  }

  public Response submit(String tenant, String json) {
    return send(
        HttpRequest.newBuilder(uri("/api/v1/tenants/" + tenant + "/service-calls"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A submit with extra request headers (name, value, name, value, ...). */
  public Response submit(String tenant, String json, String... headers) {
    var b =
        HttpRequest.newBuilder(uri("/api/v1/tenants/" + tenant + "/service-calls"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Response post(String path, String contentType, String body) {
    var b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  public Response put(String path, String contentType, String body) {
    var b = HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  public Response call(String tenant, String id) {
    return get("/api/v1/tenants/" + tenant + "/service-calls/" + id);
  }

  public Response cancel(String tenant, String id) {
    return post("/api/v1/tenants/" + tenant + "/service-calls/" + id + "/cancel", null, "");
  }

  public Response list(String tenant, String query) {
    return get(
        "/api/v1/tenants/" + tenant + "/service-calls" + (query.isEmpty() ? "" : "?" + query));
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private Response send(HttpRequest.Builder b) {
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    try {
      HttpResponse<String> r =
          http.send(
              b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
