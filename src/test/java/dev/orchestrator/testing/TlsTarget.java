package dev.orchestrator.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS target on loopback (the JDK's HttpsServer) with a certificate made by {@code keytool}
 * for this test run: self-signed and valid, or self-signed and expired. No client that verifies
 * certificates against the JVM's trust store completes a handshake with it, so {@link #requests}
 * stays 0 unless verification is off.
 */
public final class TlsTarget implements AutoCloseable {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final HttpsServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();

  private TlsTarget(Path keystore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(threads);
    server.createContext(
        "/",
        ex -> {
          requests.incrementAndGet();
          TargetBehaviours.send(ex, 200, java.util.Map.of(), "handshake accepted");
          ex.close();
        });
    server.start();
  }

  /** Serves HTTPS with a fresh certificate for 127.0.0.1, {@code expired} or not, under dir. */
  public static TlsTarget start(Path dir, boolean expired) throws Exception {
    return new TlsTarget(keystore(dir, expired));
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** HTTP requests that got through a handshake. */
  public int requests() {
    return requests.get();
  }

  /**
   * Generates a PKCS12 key store with one EC key pair and its self-signed certificate for
   * 127.0.0.1; an expired one was valid for one day, starting two days ago.
   */
  static Path keystore(Path dir, boolean expired) throws IOException, InterruptedException {
    Path file = dir.resolve(expired ? "expired.p12" : "self-signed.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                keytool,
                "-genkeypair",
                "-alias",
                "target",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD)));
    cmd.addAll(
        expired ? List.of("-startdate", "-2d", "-validity", "1") : List.of("-validity", "30"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    return file;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
