package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.orchestrator.testing.ApiClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends requests to a node over real HTTP and checks each exchange against the OpenAPI document:
 * the response must be exactly what the document allows for the operation (status, headers, body
 * schema with no undocumented members), and the request must be valid, or invalid for exactly the
 * reasons the caller names. Records which operation answered with which status, so a test can tell
 * what in the document it has not exercised.
 */
final class ContractClient {
  /** A request to send; {@code expectedFindings} are validator keys, empty for a valid request. */
  record Call(
      String method,
      String path,
      Map<String, String> headers,
      String contentType,
      byte[] body,
      Set<String> expectedFindings) {

    static Call of(String method, String path) {
      return new Call(method, path, Map.of(), null, null, Set.of());
    }

    Call key(String apiKey) {
      return header("Authorization", "Bearer " + apiKey);
    }

    Call header(String name, String value) {
      var h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Call(method, path, Map.copyOf(h), contentType, body, expectedFindings);
    }

    Call json(String json) {
      return body("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    Call body(String type, byte[] bytes) {
      return new Call(method, path, headers, type, bytes, expectedFindings);
    }

    /** The document itself says this request is invalid, for these reasons (validator keys). */
    Call invalidBecause(String... keys) {
      return new Call(method, path, headers, contentType, body, Set.of(keys));
    }
  }

  private final int port;
  private final OpenApiDocument document;
  private final Set<String> exercised = ConcurrentHashMap.newKeySet();

  ContractClient(int port, OpenApiDocument document) {
    this.port = port;
    this.document = document;
  }

  /** Sends {@code call}, requires {@code status}, and checks the exchange against the document. */
  ApiClient.Response expect(int status, Call call) {
    return exchange(status, call);
  }

  /** Sends {@code call} and checks the exchange against the document, whatever the status. */
  ApiClient.Response send(Call call) {
    return exchange(null, call);
  }

  private ApiClient.Response exchange(Integer status, Call call) {
    var headers = new LinkedHashMap<>(call.headers());
    if (call.contentType() != null) {
      headers.put("Content-Type", call.contentType());
    }
    ApiClient.Response r =
        ApiTestSupport.send(port, call.method(), call.path(), headers, call.body(), false);
    String what = call.method() + " " + call.path() + " -> " + r.status() + " " + r.body();
    if (status != null) {
      assertEquals(status, r.status(), what);
    }

    var op =
        document
            .operationFor(call.method(), URI.create(call.path()).getPath())
            .orElseThrow(() -> new AssertionError("no operation in the document for " + what));
    exercised.add(op.key(r.status()));

    ValidationReport requestReport = document.validator().validateRequest(request(call, headers));
    assertEquals(
        call.expectedFindings(),
        keys(requestReport),
        "request findings of " + what + ": " + requestReport.getMessages());
    ValidationReport responseReport =
        document
            .validator()
            .validateResponse(
                URI.create(call.path()).getPath(),
                Request.Method.valueOf(call.method()),
                response(r));
    assertTrue(
        responseReport.getMessages().isEmpty(),
        "response breaks the document: " + what + "\n" + responseReport.getMessages());
    return r;
  }

  /** "operationId status" of every exchange so far. */
  Set<String> exercised() {
    return new TreeSet<>(exercised);
  }

  static Set<String> keys(ValidationReport report) {
    Set<String> keys = new TreeSet<>();
    report.getMessages().forEach(m -> keys.add(m.getKey()));
    return keys;
  }

  private static Request request(Call call, Map<String, String> headers) {
    URI uri = URI.create(call.path());
    var b = new SimpleRequest.Builder(call.method(), uri.getPath());
    headers.forEach(b::withHeader);
    if (call.body() != null) {
      b.withBody(call.body());
    }
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        b.withQueryParam(decode(name), decode(value));
      }
    }
    return b.build();
  }

  private static SimpleResponse response(ApiClient.Response r) {
    var b = SimpleResponse.Builder.status(r.status());
    r.raw().headers().map().forEach((name, values) -> b.withHeader(name, List.copyOf(values)));
    if (!r.body().isEmpty()) {
      b.withBody(r.body());
    }
    return b.build();
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
