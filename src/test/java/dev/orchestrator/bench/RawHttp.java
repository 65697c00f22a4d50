package dev.orchestrator.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The little of HTTP/1.1 framing that {@link LoopbackClient} and {@link Sink} need. */
final class RawHttp {
  private RawHttp() {}

  /**
   * One CRLF-terminated line without the CRLF (at most 16 KiB); null at the end of the stream
   * before any byte when {@code endAllowed} (a client closing its connection between requests).
   */
  static String line(InputStream in, boolean endAllowed) throws IOException {
    StringBuilder b = new StringBuilder(80);
    for (int ch = in.read(); ch != '\n'; ch = in.read()) {
      if (ch < 0) {
        if (endAllowed && b.isEmpty()) {
          return null;
        }
        throw new EOFException("connection closed inside a message");
      }
      if (ch != '\r') {
        b.append((char) ch);
      }
      if (b.length() > 16_384) {
        throw new IOException("line too long");
      }
    }
    return b.toString();
  }

  /** A chunked body, de-chunked into {@code out}, trailers skipped. */
  static void chunked(InputStream in, OutputStream out) throws IOException {
    for (long n = chunkSize(in); n > 0; n = chunkSize(in)) {
      copy(in, out, n);
      line(in, false);
    }
    while (!line(in, false).isEmpty()) {
      // trailers
    }
  }

  /** Exactly {@code n} bytes from {@code in} to {@code out}. */
  static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new EOFException("connection closed inside a body");
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  private static long chunkSize(InputStream in) throws IOException {
    String l = line(in, false);
    int semi = l.indexOf(';');
    return Long.parseLong((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
  }
}
