package dev.orchestrator.execution;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.ClientTransport;
import org.apache.pekko.http.javadsl.OutgoingConnection;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.scaladsl.Http;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The invoker's TCP transport: every connection goes to the address the {@link AddressVetter}
 * approved, and no byte goes out while {@code writable} says no (the pause guard, asked again at
 * write time: an attempt that passed it before a freeze must not send when the JVM resumes).
 *
 * <p>The check sits directly in front of the TCP stage, inside the flow that exists only once the
 * address is vetted; that stage asks for bytes only once connected. Pekko's own resolving transport
 * buffers the request ahead of the lookup and connect instead, so a check in front of it ran before
 * the connection was set up: a node frozen meanwhile wrote the request on SIGCONT after it had been
 * downed (F3 saw two such attempts).
 */
final class GuardedTransport {
  private GuardedTransport() {}

  static ClientTransport create(AddressVetter vetter, Executor blocking, BooleanSupplier writable) {
    return new ClientTransport() {
      @Override
      public Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>> connectTo(
          String host, int port, ClientConnectionSettings settings, ActorSystem system) {
        // Lazy: vetted and connected per materialization (per attempt), never once per flow.
        Flow<ByteString, ByteString, CompletionStage<CompletionStage<Tcp.OutgoingConnection>>>
            connection =
                Flow.lazyCompletionStageFlow(
                    () ->
                        vet(vetter, host, port, blocking)
                            .thenApply(address -> guardedTcp(address, settings, system, writable)));
        return connection.mapMaterializedValue(
            m ->
                m.thenCompose(c -> c)
                    .thenApply(
                        c ->
                            new OutgoingConnection(
                                new Http.OutgoingConnection(c.localAddress(), c.remoteAddress()))));
      }
    };
  }

  private static Flow<ByteString, ByteString, CompletionStage<Tcp.OutgoingConnection>> guardedTcp(
      InetSocketAddress address,
      ClientConnectionSettings settings,
      ActorSystem system,
      BooleanSupplier writable) {
    return Flow.<ByteString>create()
        .map(
            bytes -> {
              if (!writable.getAsBoolean()) {
                throw new IllegalStateException("node was frozen or downed; request not sent");
              }
              return bytes;
            })
        // As Pekko HTTP's own TCP transport: half-close, the settings' local address, socket
        // options and timeouts.
        .viaMat(
            Tcp.get(system)
                .outgoingConnection(
                    address,
                    settings.getLocalAddress(),
                    settings.getSocketOptions(),
                    true,
                    settings.getConnectingTimeout(),
                    settings.getIdleTimeout()),
            Keep.right());
  }

  // DNS lookups block, so they run on the blocking dispatcher, never on Pekko's stream threads.
  private static CompletionStage<InetSocketAddress> vet(
      AddressVetter vetter, String host, int port, Executor blocking) {
    CompletableFuture<InetSocketAddress> vetted = new CompletableFuture<>();
    try {
      blocking.execute(
          () -> {
            try {
              InetSocketAddress address = vetter.vet(host, port);
              if (address == null || address.isUnresolved()) {
                throw new UnknownHostException(host);
              }
              vetted.complete(address);
            } catch (Throwable t) {
              vetted.completeExceptionally(t);
            }
          });
    } catch (RuntimeException e) {
      vetted.completeExceptionally(e);
    }
    return vetted;
  }
}
