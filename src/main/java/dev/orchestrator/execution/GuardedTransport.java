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
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.util.ByteString;

/**
 * The invoker's TCP transport: every connection goes to the address the {@link AddressVetter}
 * approved, and no byte goes out while {@code writable} says no (the pause guard, asked again at
 * write time: an attempt that passed it before a freeze must not send when the JVM resumes).
 */
final class GuardedTransport {
  private GuardedTransport() {}

  static ClientTransport create(AddressVetter vetter, Executor blocking, BooleanSupplier writable) {
    ClientTransport vetting =
        ClientTransport.withCustomResolver(
            (host, port) -> vet(vetter, host, ((Number) port).intValue(), blocking));
    return new ClientTransport() {
      @Override
      public Flow<ByteString, ByteString, CompletionStage<OutgoingConnection>> connectTo(
          String host, int port, ClientConnectionSettings settings, ActorSystem system) {
        return Flow.<ByteString>create()
            .map(
                bytes -> {
                  if (!writable.getAsBoolean()) {
                    throw new IllegalStateException("node was frozen; request not sent");
                  }
                  return bytes;
                })
            .viaMat(vetting.connectTo(host, port, settings, system), Keep.right());
      }
    };
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
