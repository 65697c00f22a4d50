package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.ApiClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends bytes no well-behaved HTTP client would send (oversized heads, smuggling attempts) over a
 * plain loopback socket, and reads the answer until the server closes the connection, which it must
 * do within a deadline: a hung connection fails the test.
 */
final class RawHttp {
  private static final int DEADLINE_MS = 10_000;

  /** The parsed answer, with whatever the server sent after it (a second, smuggled response). */
  record Answer(int status, String contentType, String body, String trailing) {}

  private RawHttp() {}

  static Answer exchange(int port, String request) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(DEADLINE_MS);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(readToClose(s.getInputStream()));
    } catch (IOException e) {
      throw new AssertionError("raw exchange failed: " + e, e);
    }
  }

  /** The answer as an {@link ApiClient.Response} for the shared problem assertions. */
  static ApiClient.Response response(Answer a) {
    return new ApiClient.Response(a.status(), a.contentType(), a.body(), null);
  }

  private static byte[] readToClose(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) != -1; ) {
        all.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "connection hung: not closed within "
              + DEADLINE_MS
              + " ms; received: "
              + all.toString(StandardCharsets.UTF_8),
          e);
    } catch (IOException e) {
      // A reset after the server's answer still means the server closed the connection.
      if (all.size() == 0) {
        throw e;
      }
    }
    return all.toByteArray();
  }

  private static Answer parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int headEnd = text.indexOf("\r\n\r\n");
    assertTrue(headEnd > 0, "no complete response: " + text);
    String[] head = text.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(head[0].split(" ")[1]);
    String contentType = "";
    int length = 0;
    for (int i = 1; i < head.length; i++) {
      String[] kv = head[i].split(":", 2);
      String name = kv[0].trim().toLowerCase(Locale.ROOT);
      if (name.equals("content-type")) {
        contentType = kv[1].trim();
      } else if (name.equals("content-length")) {
        length = Integer.parseInt(kv[1].trim());
      }
    }
    // The head is ASCII, so character offsets in the body equal byte offsets for ASCII bodies.
    String rest = text.substring(headEnd + 4);
    int end = Math.min(length, rest.length());
    return new Answer(status, contentType, rest.substring(0, end), rest.substring(end));
  }
}
