package dev.orchestrator.subscription;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.config.EventSubscriptionSettings;
import dev.orchestrator.entity.Rejection;
import dev.orchestrator.entity.ServiceCallCommand;
import dev.orchestrator.entity.ServiceCallEntity;
import dev.orchestrator.entity.Summary;
import dev.orchestrator.outlet.OutletLoop;
import dev.orchestrator.outlet.OutletStore;
import dev.orchestrator.outlet.OutletStore.OutletEvent;
import dev.orchestrator.secrets.HeaderCipher;
import dev.orchestrator.subscription.DeliveryPlan.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers subscribed tenants' events by submitting one service call per event through the call
 * entities, so retries, signing, history and durability are those of any call. Each round ({@link
 * OutletLoop}) reads a page of the stream after its offset, submits the page's deliveries, and
 * stores the page's last offset only once every one was accepted. A round repeated after a crash or
 * a failure submits the same calls again, which their entities answer as repeats.
 */
public final class SubscriptionOutlet implements OutletLoop.Round {
  public static final String NAME = "event-subscriptions";
  private static final Logger log = LoggerFactory.getLogger(SubscriptionOutlet.class);

  private final OutletStore stream;
  private final SubscriptionStore subscriptions;
  private final DeliveryCalls calls;
  private final ClusterSharding sharding;
  private final int batchSize;
  private final Duration submitTimeout;

  SubscriptionOutlet(
      OutletStore stream,
      SubscriptionStore subscriptions,
      DeliveryCalls calls,
      ClusterSharding sharding,
      EventSubscriptionSettings settings) {
    this.stream = stream;
    this.subscriptions = subscriptions;
    this.calls = calls;
    this.sharding = sharding;
    this.batchSize = settings.pacing().batchSize();
    this.submitTimeout = settings.submitTimeout();
  }

  /** The cluster singleton's behavior. */
  public static Behavior<OutletLoop.Command> create(
      DataSource dataSource,
      ClusterSharding sharding,
      HeaderCipher cipher,
      ObjectMapper mapper,
      EventSubscriptionSettings settings,
      Clock clock,
      Executor blocking) {
    var round =
        new SubscriptionOutlet(
            new OutletStore(dataSource, NAME),
            new SubscriptionStore(dataSource),
            new DeliveryCalls(mapper, cipher, settings, clock),
            sharding,
            settings);
    return OutletLoop.create("event subscriptions", round, settings.pacing(), blocking);
  }

  @Override
  public int run() throws Exception {
    long offset = stream.offset();
    // Without subscriptions, skip to the head. Read before looking: a subscription created after
    // the look starts at a head at least as far, so nothing it wants is skipped.
    long head = stream.head();
    if (!subscriptions.any()) {
      if (head > offset) {
        stream.store(head);
      }
      return 0;
    }
    List<OutletEvent> page = stream.after(offset, batchSize);
    if (page.isEmpty()) {
      return 0;
    }
    // Read after the page: a subscription created since starts after every event in the page.
    var plan = DeliveryPlan.of(page, subscriptions.all());
    List<CompletableFuture<Void>> tenants = new ArrayList<>();
    for (List<Delivery> deliveries : plan.values()) {
      CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
      for (Delivery d : deliveries) {
        chain = chain.thenCompose(done -> submit(d));
      }
      tenants.add(chain);
    }
    CompletableFuture.allOf(tenants.toArray(CompletableFuture[]::new)).get();
    stream.store(page.get(page.size() - 1).offset());
    return page.size();
  }

  private CompletableFuture<Void> submit(Delivery d) {
    var call = calls.of(d.event(), d.subscription());
    CompletionStage<Summary> accepted =
        sharding
            .entityRefFor(ServiceCallEntity.ENTITY_TYPE_KEY, call.id().entityId())
            .<Summary>askWithStatus(
                r -> new ServiceCallCommand.Submit(call.spec(), r), submitTimeout);
    return accepted
        .<Void>handle(
            (ok, error) -> {
              if (error == null || isConflict(error)) {
                return null;
              }
              throw new IllegalStateException(
                  "delivery call for event " + d.event().offset() + " not accepted", error);
            })
        .toCompletableFuture();
  }

  /**
   * The delivery call exists with another request: the subscription changed between its first
   * submit and a repeat of the round. It was submitted, which is all a round needs.
   */
  private static boolean isConflict(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof StatusReply.ErrorMessage m
          && Rejection.of(m.getMessage()) == Rejection.IDEMPOTENCY_CONFLICT) {
        log.info("A delivery call exists with an earlier form of the subscription; kept as is");
        return true;
      }
    }
    return false;
  }
}
