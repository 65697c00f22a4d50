package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.orchestrator.testing.ApiClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON_STRING =
      new com.fasterxml.jackson.databind.ObjectMapper();

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

  /**
   * An event stream answer: the status and content type, and either the first event's frame (200)
   * or the whole body (anything else). The connection stays open until {@link #close}.
   */
  record Stream(int status, String contentType, String firstEventOrBody, Socket socket)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        socket.close(); // the server sees the connection end, so the stream ends
      } catch (IOException e) {
        // already gone
      }
    }
  }

  /**
   * Sends {@code call} (an {@code Accept: text/event-stream} GET) over a socket of its own,
   * requires {@code status}, reads only the first event of a 200 (the stream never ends by itself),
   * and checks the request and the status and headers against the document. A 200's body is not
   * schema-validated: the document can only say "a string" for text/event-stream, and the validator
   * cannot parse a stream; the caller checks the first frame's {@code id:}/{@code event:}/{@code
   * data:} lines. Any other status has a finite problem body, validated as usual.
   *
   * <p>A raw socket rather than java.net.http: closing its body stream does not reliably close the
   * connection, and the server frees a stream's slot only when the connection ends.
   */
  Stream openStream(int status, Call call) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder("GET " + call.path() + " HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      call.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("\r\n");
      socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = line(in);
      int code = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        headers
            .computeIfAbsent(h.substring(0, colon).trim(), k -> new java.util.ArrayList<>())
            .add(h.substring(colon + 1).trim());
      }
      boolean chunked =
          headers.entrySet().stream()
              .anyMatch(
                  e ->
                      e.getKey().equalsIgnoreCase("Transfer-Encoding")
                          && e.getValue().contains("chunked"));
      InputStream body = chunked ? new Dechunked(in) : in;
      String contentType =
          headers.entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
              .map(e -> e.getValue().get(0))
              .findFirst()
              .orElse("");
      String text;
      if (code == 200) {
        text = firstEvent(body);
      } else {
        int length =
            headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Content-Length"))
                .map(e -> Integer.parseInt(e.getValue().get(0)))
                .findFirst()
                .orElse(-1);
        text =
            new String(
                length >= 0 ? body.readNBytes(length) : body.readAllBytes(),
                StandardCharsets.UTF_8);
      }
      Stream stream = new Stream(code, contentType, text, socket);
      check(status, call, code, headers, text);
      return stream;
    } catch (IOException e) {
      closeQuietly(socket);
      throw new AssertionError("GET " + call.path() + " (stream) failed: " + e, e);
    } catch (AssertionError | RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  private void check(
      int status, Call call, int code, Map<String, List<String>> headers, String text) {
    String what = "GET " + call.path() + " (stream) -> " + code + " " + text;
    assertEquals(status, code, what);
    var op =
        document
            .operationFor("GET", URI.create(call.path()).getPath())
            .orElseThrow(() -> new AssertionError("no operation in the document for " + what));
    exercised.add(op.key(code));
    ValidationReport requestReport =
        document.validator().validateRequest(request(call, call.headers()));
    assertEquals(
        call.expectedFindings(),
        keys(requestReport),
        "request findings of " + what + ": " + requestReport.getMessages());
    var response = SimpleResponse.Builder.status(code);
    headers.forEach(response::withHeader);
    // For a 200 the first frame stands in for the endless body, as a JSON string: the document's
    // schema for text/event-stream is a plain string, so this checks status, media type and
    // headers only.
    response.withBody(code == 200 ? JSON_STRING.valueToTree(text).toString() : text);
    ValidationReport responseReport =
        document
            .validator()
            .validateResponse(
                URI.create(call.path()).getPath(), Request.Method.GET, response.build());
    assertTrue(
        responseReport.getMessages().isEmpty(),
        "response breaks the document: " + what + "\n" + responseReport.getMessages());
  }

  // One CRLF-terminated line of the response head (ASCII).
  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed in the response head: " + b);
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /** The payload of a chunked body (trailers are not read: the stream is closed before). */
  private static final class Dechunked extends InputStream {
    private final InputStream in;
    private long left;

    Dechunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      if (left == 0) {
        String size = line(in);
        if (size.isEmpty()) {
          size = line(in); // the CRLF after the previous chunk
        }
        left = Long.parseLong(size.split(";")[0].trim(), 16);
        if (left == 0) {
          return -1;
        }
      }
      left--;
      return in.read();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  // Lines up to the blank line that ends the first event (heartbeat comments are skipped).
  private static String firstEvent(InputStream in) throws IOException {
    StringBuilder frame = new StringBuilder();
    var line = new java.io.ByteArrayOutputStream();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c != '\n') {
        line.write(c);
        continue;
      }
      // Byte by byte: a reader's read-ahead would wait for bytes the stream has not sent yet.
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.isEmpty()) {
        if (frame.length() > 0) {
          return frame.toString();
        }
      } else if (!text.startsWith(":")) {
        frame.append(text).append('\n');
      }
    }
    return frame.toString();
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
