package dev.orchestrator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.orchestrator.config.EventSubscriptionSettings;
import dev.orchestrator.config.RabbitOutletSettings;
import dev.orchestrator.outlet.RabbitMqOutlet;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.subscription.SubscriptionOutlet;
import java.time.Clock;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Wiring of the outlets of the event stream, each a cluster singleton with its own offset: the
 * RabbitMQ publisher when enabled, and the delivery of event subscriptions (always; it only reads
 * the stream while some tenant has a subscription).
 */
final class EventOutlets {
  private EventOutlets() {}

  static void start(
      ActorSystem<?> system,
      Config config,
      DataSource dataSource,
      ClusterSharding sharding,
      HeaderCipher cipher,
      ObjectMapper mapper,
      Clock clock,
      Executor blocking) {
    var singletons = ClusterSingleton.get(system);
    var rabbit = RabbitOutletSettings.fromConfig(config);
    if (rabbit.enabled()) {
      singletons.init(
          SingletonActor.of(
              RabbitMqOutlet.create(dataSource, rabbit, mapper, blocking), "rabbitmq-outlet"));
    }
    singletons.init(
        SingletonActor.of(
            SubscriptionOutlet.create(
                dataSource,
                sharding,
                cipher,
                mapper,
                EventSubscriptionSettings.fromConfig(config),
                clock,
                blocking),
            "event-subscription-outlet"));
  }
}
