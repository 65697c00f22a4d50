package dev.orchestrator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a loopback upstream port that misbehaves on demand. The mode
 * can be switched at any time; a connection keeps the mode it was accepted in (so a test decides
 * per connection what the client meets), except {@link Refuse}, which closes the listener at once.
 * {@link #close} closes the listener and every socket, and stops every thread.
 *
 * <p>Exists because toxiproxy is not available here and {@code tc netem} does not work (see
 * RELIABILITY.md §4).
 */
public final class FaultProxy implements AutoCloseable {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** What the proxy does with a connection. */
  public sealed interface Mode {}

  /** Forward both ways unchanged. */
  public record Pass() implements Mode {}

  /** Forward both ways, each chunk held back {@code delay} first. */
  public record Latency(Duration delay) implements Mode {}

  /** Accept and read the request, never forward it, never answer: the client hears nothing. */
  public record Blackhole() implements Mode {}

  /** Forward the request; close (FIN) once {@code bytes} of the response reached the client. */
  public record DropAfter(long bytes) implements Mode {}

  /**
   * Forward the request; abort with a TCP RST (SO_LINGER 0, then close) once {@code bytes} of the
   * response reached the client. With 0 the client gets a reset instead of any response byte.
   */
  public record Reset(long bytes) implements Mode {}

  /** Close the listener: connecting is refused until another mode is set. */
  public record Refuse() implements Mode {}

  private final int upstreamPort;
  private final int port;
  private final ExecutorService threads = Executors.newCachedThreadPool(FaultProxy::daemon);
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  // Client/upstream pairs currently proxied: stallOpen and resetOpen act on these.
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile Mode mode = new Pass();
  private volatile ServerSocket listener;
  private volatile Future<?> acceptor;
  private volatile boolean closed;

  private FaultProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.listener = bind(0);
    this.port = listener.getLocalPort();
    startAccepting(listener);
  }

  /** A proxy in {@link Pass} mode on a free loopback port, forwarding to {@code upstreamPort}. */
  public static FaultProxy start(int upstreamPort) throws IOException {
    return new FaultProxy(upstreamPort);
  }

  public int port() {
    return port;
  }

  public String url(String scheme, String path) {
    return scheme + "://127.0.0.1:" + port + path;
  }

  /** Connections accepted so far, in any mode. */
  public int accepted() {
    return accepted.get();
  }

  /**
   * A proxied connection; once stalled, bytes in both directions are read and discarded, the way a
   * cut network or a hung server looks to both ends (no FIN, no RST, no answer).
   */
  private static final class Link {
    final Socket client;
    final Socket upstream;
    volatile boolean stalled;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }
  }

  /**
   * Stalls every connection open now: from here on both sides hear nothing from each other, for as
   * long as the connection lives (a stalled connection never forwards again, since bytes were
   * lost). With {@code mode(new Blackhole())} this is a full network partition; the mode alone only
   * affects new connections, which pooled clients (JDBC) may not open for a long time.
   */
  public void stallOpen() {
    links.forEach(l -> l.stalled = true);
  }

  /** Aborts every connection open now with a TCP RST on both sides, as a crashed server would. */
  public void resetOpen() {
    for (Link l : links) {
      links.remove(l);
      for (Socket s : List.of(l.client, l.upstream)) {
        try {
          s.setSoLinger(true, 0);
        } catch (IOException e) {
          // already closed
        }
        closeQuietly(s);
      }
    }
  }

  /** Connections being proxied (pass/latency/drop modes) right now. */
  public int openConnections() {
    return links.size();
  }

  /** Switches the mode for connections accepted from now on; leaving Refuse listens again. */
  public synchronized void mode(Mode next) throws IOException {
    mode = next;
    if (closed) {
      return;
    }
    if (next instanceof Refuse) {
      closeListener();
    } else if (listener.isClosed()) {
      listener = bind(port); // same port, so the client's URL stays valid
      startAccepting(listener);
    }
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(LOOPBACK, port), 200);
    return s;
  }

  private void startAccepting(ServerSocket server) {
    acceptor =
        threads.submit(
            () -> {
              while (true) {
                Socket client;
                try {
                  client = server.accept();
                } catch (IOException e) {
                  return; // listener closed (Refuse or close())
                }
                if (server.isClosed()) {
                  closeQuietly(client); // accepted while the listener was being closed
                  return;
                }
                accepted.incrementAndGet();
                track(client);
                Mode m = mode;
                threads.execute(() -> handle(client, m));
              }
            });
  }

  // The JDK defers closing a listener while a thread is blocked in accept() (it may still accept
  // one more connection), so "closed" only holds once that thread has returned.
  private void closeListener() {
    try {
      listener.close();
      acceptor.get(5, TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("fault proxy listener did not close", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(Socket client, Mode m) {
    try {
      if (m instanceof Blackhole) {
        drain(client.getInputStream()); // keeps reading so the client's writes never block
        closeQuietly(client);
        return;
      }
      Socket upstream = track(new Socket(LOOPBACK, upstreamPort));
      Duration delay = m instanceof Latency l ? l.delay() : Duration.ZERO;
      long limit = m instanceof DropAfter d ? d.bytes() : m instanceof Reset r ? r.bytes() : -1;
      Link link = new Link(client, upstream);
      links.add(link);
      try {
        threads.execute(() -> pump(client, upstream, delay, -1, m, link));
        pump(upstream, client, delay, limit, m, link);
      } finally {
        links.remove(link);
      }
    } catch (IOException | RejectedExecutionException e) {
      closeQuietly(client); // upstream gone, client hung up or proxy closed: nothing to proxy
    }
  }

  // Copies from -> to. With a limit, stops once that many bytes went through and ends the client
  // connection the way the mode says (FIN or RST); a limit of 0 still waits for the first response
  // byte, so the request has reached the upstream. Without a limit, end-of-stream closes both.
  private void pump(Socket from, Socket to, Duration delay, long limit, Mode m, Link link) {
    byte[] buf = new byte[16 * 1024];
    long sent = 0;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        if (link.stalled) {
          continue; // read and dropped: the other side never hears of it
        }
        int allowed = limit < 0 ? n : (int) Math.min(n, limit - sent);
        if (!delay.isZero()) {
          Thread.sleep(delay.toMillis());
        }
        out.write(buf, 0, allowed);
        out.flush();
        sent += allowed;
        if (limit >= 0 && sent >= limit) {
          if (m instanceof Reset) {
            to.setSoLinger(true, 0); // close() now sends RST instead of FIN
          }
          break;
        }
      }
    } catch (IOException e) {
      // one side hung up: fall through and close both
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(to);
      closeQuietly(from);
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[4096];
    while (in.read(buf) >= 0) {
      // discard
    }
  }

  private Socket track(Socket s) {
    sockets.add(s);
    if (closed) {
      closeQuietly(s); // lost a race with close(): never leave a socket behind
    }
    return s;
  }

  private void closeQuietly(Socket s) {
    sockets.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      closeListener();
    }
    sockets.forEach(this::closeQuietly);
    threads.shutdownNow();
  }
}
