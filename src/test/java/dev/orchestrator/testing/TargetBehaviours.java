package dev.orchestrator.testing;

import com.sun.net.httpserver.HttpExchange;
import dev.orchestrator.testing.FaultTarget.Behaviour;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ways a {@link FaultTarget} path answers: plain statuses and the slow or huge answers of F9/F10.
 */
public final class TargetBehaviours {
  private TargetBehaviours() {}

  /** Answers {@code status} with these headers and a short text body. */
  public static Behaviour status(int status, Map<String, String> headers) {
    return (ex, n) -> send(ex, status, headers, "status " + status);
  }

  /** The n-th request gets the n-th behaviour; requests beyond the list get the last one. */
  public static Behaviour inOrder(Behaviour... behaviours) {
    return (ex, n) -> behaviours[Math.min(n, behaviours.length) - 1].answer(ex, n);
  }

  /** Sleeps {@code delay} (the target is slow: that is the fault), then answers as {@code then}. */
  public static Behaviour delayed(Duration delay, Behaviour then) {
    return (ex, n) -> {
      Thread.sleep(delay.toMillis());
      then.answer(ex, n);
    };
  }

  /**
   * A 200 whose chunked body arrives one byte every {@code every}, for {@code total}: the head is
   * quick, the body never completes within a shorter timeout.
   */
  public static Behaviour dribble(Duration every, Duration total) {
    return (ex, n) -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        long end = System.nanoTime() + total.toNanos();
        while (System.nanoTime() < end) {
          out.write('.');
          out.flush();
          Thread.sleep(every.toMillis());
        }
      }
    };
  }

  /** A 200 with a {@code bytes}-long body written as fast as the client takes it. */
  public static Behaviour stream(long bytes, StreamProbe probe) {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    return (ex, n) -> {
      ex.sendResponseHeaders(200, bytes);
      try (OutputStream out = ex.getResponseBody()) {
        for (long left = bytes; left > 0; ) {
          int size = (int) Math.min(chunk.length, left);
          out.write(chunk, 0, size);
          left -= size;
          probe.written.addAndGet(size);
        }
        probe.outcome = "complete";
      } catch (IOException e) {
        probe.outcome = "cut"; // the reader closed the connection
        throw e;
      }
    };
  }

  /** What a {@link #stream} answer managed to write, and how it ended. */
  public static final class StreamProbe {
    private final AtomicLong written = new AtomicLong();
    private volatile String outcome;

    public long written() {
      return written.get();
    }

    /** null while writing, then "complete" or "cut". */
    public String outcome() {
      return outcome;
    }
  }

  static void send(HttpExchange ex, int status, Map<String, String> headers, String body)
      throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
