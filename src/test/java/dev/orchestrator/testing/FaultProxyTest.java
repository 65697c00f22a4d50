package dev.orchestrator.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
  private static final int ANSWER_BYTES = 100_000;
  private static final byte[] ANSWER = new byte[ANSWER_BYTES];

  static {
    Arrays.fill(ANSWER, (byte) 'x');
  }

  private final AtomicInteger upstreamRequests = new AtomicInteger();
  private ServerSocket upstream;
  private FaultProxy proxy;

  // Upstream: reads one byte (the "request"), answers ANSWER_BYTES and closes.
  @BeforeEach
  void start() throws IOException {
    upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!upstream.isClosed()) {
                try (Socket s = upstream.accept()) {
                  if (s.getInputStream().read() >= 0) {
                    upstreamRequests.incrementAndGet();
                    s.getOutputStream().write(ANSWER);
                  }
                } catch (IOException e) {
                  // closed
                }
              }
            });
    t.setDaemon(true);
    t.start();
    proxy = FaultProxy.start(upstream.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    upstream.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(5_000);
    s.getOutputStream().write('?');
    return s;
  }

  private static byte[] readAll(Socket s) throws IOException {
    return s.getInputStream().readAllBytes();
  }

  @Test
  void connect_pass_forwardsRequestAndWholeAnswer() throws Exception {
    try (Socket s = connect()) {
      assertArrayEquals(ANSWER, readAll(s));
    }
    assertEquals(1, upstreamRequests.get());
    assertEquals(1, proxy.accepted());
  }

  @Test
  void connect_latency_answerHeldBackInBothDirections() throws Exception {
    proxy.mode(new FaultProxy.Latency(Duration.ofMillis(300)));
    long start = System.nanoTime();
    try (Socket s = connect()) {
      assertEquals(ANSWER_BYTES, readAll(s).length);
    }
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(600).toNanos(), "both directions");
  }

  @Test
  void connect_blackhole_acceptedButNeverForwardedNorAnswered() throws Exception {
    proxy.mode(new FaultProxy.Blackhole());
    try (Socket s = connect()) {
      s.setSoTimeout(500);
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
    }
    assertEquals(0, upstreamRequests.get());
    assertEquals(1, proxy.accepted());
  }

  @Test
  void connect_dropAfterN_exactlyNBytesThenEndOfStream() throws Exception {
    proxy.mode(new FaultProxy.DropAfter(1000));
    try (Socket s = connect()) {
      assertEquals(1000, readAll(s).length);
    }
    assertEquals(1, upstreamRequests.get());
  }

  @Test
  void connect_resetAfterN_clientSeesConnectionReset() throws Exception {
    proxy.mode(new FaultProxy.Reset(10));
    try (Socket s = connect()) {
      Await.until(Duration.ofSeconds(5), "request upstream", () -> upstreamRequests.get() == 1);
      InputStream in = s.getInputStream();
      var e = assertThrows(SocketException.class, () -> in.readAllBytes());
      assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
    }
  }

  @Test
  void connect_refuse_refusedUntilAnotherModeListensOnTheSamePort() throws Exception {
    int port = proxy.port();
    proxy.mode(new FaultProxy.Refuse());
    assertThrows(ConnectException.class, this::connect);

    proxy.mode(new FaultProxy.Pass());
    try (Socket s = connect()) {
      assertEquals(ANSWER_BYTES, readAll(s).length);
    }
    assertEquals(port, proxy.port());
  }

  @Test
  void close_openConnection_endedAndNewOnesRefused() throws Exception {
    proxy.mode(new FaultProxy.Blackhole());
    try (Socket s = connect()) {
      Await.until(Duration.ofSeconds(5), "accepted", () -> proxy.accepted() == 1);
      proxy.close();
      assertEquals(-1, s.getInputStream().read(), "closed by the proxy");
    }
    assertThrows(ConnectException.class, this::connect);
  }

  // A connection through the proxy to the upstream, established but with nothing sent yet.
  private Socket openIdle() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(1_000);
    Await.until(Duration.ofSeconds(5), "link established", () -> proxy.openConnections() == 1);
    return s;
  }

  @Test
  void stallOpen_establishedConnection_requestNeverArrivesAndNothingComesBack() throws Exception {
    try (Socket s = openIdle()) {
      proxy.stallOpen();

      s.getOutputStream().write('?');

      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
      assertEquals(0, upstreamRequests.get(), "the request was swallowed");
    }
    try (Socket fresh = connect()) {
      assertEquals(ANSWER_BYTES, readAll(fresh).length, "new connections still pass");
    }
  }

  @Test
  void resetOpen_establishedConnection_clientSeesConnectionReset() throws Exception {
    try (Socket s = openIdle()) {
      proxy.resetOpen();

      InputStream in = s.getInputStream();
      var e = assertThrows(SocketException.class, () -> in.read());
      assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
    }
    Await.until(Duration.ofSeconds(5), "no open links", () -> proxy.openConnections() == 0);
  }
}
