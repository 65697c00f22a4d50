package dev.orchestrator.outlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.orchestrator.config.RabbitOutletSettings;
import dev.orchestrator.outlet.OutletStore.OutletEvent;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events to a durable topic exchange as persistent messages and waits for the broker's
 * publisher confirms. Not thread-safe: one outlet uses it. Any failure closes the connection; the
 * next call opens a new one (the client's own automatic recovery is off, the outlet retries).
 */
final class RabbitPublisher implements AutoCloseable {
  private final RabbitOutletSettings settings;
  private final ObjectMapper mapper;
  private Connection connection;
  private Channel channel;

  RabbitPublisher(RabbitOutletSettings settings, ObjectMapper mapper) {
    this.settings = settings;
    this.mapper = mapper;
  }

  /** Routing key {@code <tenant>.<event type>}: consumers bind e.g. {@code acme.#}. */
  static String routingKey(OutletEvent e) {
    return e.tenantId() + "." + e.type();
  }

  void publish(List<OutletEvent> events)
      throws IOException, TimeoutException, InterruptedException {
    try {
      Channel ch = open();
      for (OutletEvent e : events) {
        var props =
            new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(Long.toString(e.offset()))
                .type(e.type())
                .timestamp(Date.from(e.occurredAt()))
                .headers(Map.of("tenantId", e.tenantId(), "serviceCallId", e.serviceCallId()))
                .build();
        byte[] body = mapper.writeValueAsBytes(OutletMessage.of(e));
        ch.basicPublish(settings.exchange(), routingKey(e), props, body);
      }
      // Throws if any message was nacked or the wait timed out: the caller keeps its offset.
      ch.waitForConfirmsOrDie(settings.confirmTimeout().toMillis());
    } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Channel open() throws IOException, TimeoutException {
    if (channel != null && channel.isOpen()) {
      return channel;
    }
    close();
    var factory = new ConnectionFactory();
    try {
      factory.setUri(settings.uri());
    } catch (Exception e) {
      throw new IllegalArgumentException("orchestrator.outlets.rabbitmq.uri is not an AMQP URI");
    }
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout((int) settings.confirmTimeout().toMillis());
    connection = factory.newConnection("orchestrator-outlet");
    channel = connection.createChannel();
    channel.exchangeDeclare(settings.exchange(), BuiltinExchangeType.TOPIC, true);
    channel.confirmSelect();
    return channel;
  }

  @Override
  public void close() {
    Connection c = connection;
    connection = null;
    channel = null;
    if (c != null) {
      try {
        c.abort(1000);
      } catch (RuntimeException e) {
        // Already broken; nothing else to release.
      }
    }
  }
}
