package dev.orchestrator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's lean client and sink against each other and against the JDK's HTTP server: bodies
 * by length and chunked, keep-alive reuse, Connection: close, and what the sink records.
 */
class LoopbackClientTest {
  private HttpServer server;
  private LoopbackClient client;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/length",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          byte[] out = ("{\"got\":" + in.length + "}").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(201, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.createContext(
        "/chunked",
        ex -> {
          ex.sendResponseHeaders(200, 0);
          try (OutputStream o = ex.getResponseBody()) {
            o.write("part one, ".getBytes(StandardCharsets.UTF_8));
            o.flush();
            o.write("part two".getBytes(StandardCharsets.UTF_8));
          }
        });
    server.createContext(
        "/close",
        ex -> {
          ex.getResponseHeaders().add("Connection", "close");
          ex.sendResponseHeaders(429, 2);
          ex.getResponseBody().write("no".getBytes(StandardCharsets.UTF_8));
          ex.close();
        });
    server.start();
    client = new LoopbackClient("127.0.0.1", server.getAddress().getPort(), "k");
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  @Test
  void post_lengthDelimitedAnswers_reuseOneConnection() throws Exception {
    for (int i = 0; i < 5; i++) {
      var r = client.postJson("/length", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
      assertEquals(201, r.status());
      assertEquals("{\"got\":7}", r.body());
    }
    assertEquals(1, client.connectionsOpened());
  }

  @Test
  void post_chunkedAnswer_readWhole() throws Exception {
    var r = client.postJson("/chunked", new byte[0]);
    assertEquals(200, r.status());
    assertEquals("part one, part two", r.body());
    assertEquals(200, client.postJson("/chunked", new byte[0]).status());
    assertEquals(1, client.connectionsOpened());
  }

  @Test
  void post_connectionClose_nextRequestOpensAnother() throws Exception {
    assertEquals(429, client.postJson("/close", new byte[0]).status());
    assertEquals(201, client.postJson("/length", new byte[0]).status());
    assertEquals(2, client.connectionsOpened());
  }

  @Test
  void sink_keepAliveChunkedAndClose_recordsEveryDelivery() throws Exception {
    try (Sink sink = Sink.start(0, 2);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), sink.port())) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(
          ("POST /sink/a?x=1 HTTP/1.1\r\nHost: h\r\nX-Service-Call-Id: c1\r\nX-Attempt: 1\r\n"
                  + "X-Due-At: 2026-01-01T00:00:00.001Z\r\nContent-Length: 3\r\n\r\nabc")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(
          ("POST /sink/b HTTP/1.1\r\nx-service-call-id: c1\r\nx-attempt: 2\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(
          "POST /sink/b HTTP/1.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answers = new String(in.readAllBytes(), StandardCharsets.US_ASCII);

      assertEquals(3, answers.split("HTTP/1.1 200 OK", -1).length - 1, answers);
      assertEquals(2, sink.deliveries("c1"));
      assertEquals("/sink/a", sink.first("c1").path());
      assertEquals("2026-01-01T00:00:00.001Z", sink.first("c1").dueAt().toString());
      assertEquals("2", sink.all("c1").get(1).attempt());
      assertEquals(1, sink.to("/sink/b").size());
      assertEquals(1, sink.withoutId());
    }
  }
}
