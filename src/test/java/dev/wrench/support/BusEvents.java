package dev.wrench.support;

import dev.wrench.events.OutboxRelayVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;

/**
 * The work order events (CloudEvents) a test's service publishes on the event bus ({@code
 * OutboxRelayVerticle.WORK_ORDER_EVENTS}), collected from the moment {@link #collect} returns.
 */
public final class BusEvents implements AutoCloseable {

  private final Queue<JsonObject> received = new ConcurrentLinkedQueue<>();
  private final Queue<String> contentTypes = new ConcurrentLinkedQueue<>();
  private final MessageConsumer<JsonObject> consumer;

  private BusEvents(Vertx vertx) {
    consumer =
        vertx
            .eventBus()
            .<JsonObject>consumer(
                OutboxRelayVerticle.WORK_ORDER_EVENTS,
                m -> {
                  contentTypes.add(String.valueOf(m.headers().get("content-type")));
                  received.add(m.body());
                });
  }

  /** Starts collecting; returns once the consumer is registered. */
  public static BusEvents collect(Vertx vertx) {
    BusEvents events = new BusEvents(vertx);
    Http.await(events.consumer.completion());
    return events;
  }

  /** The events received so far whose subject is the work order {@code workOrderId}. */
  public List<JsonObject> of(String workOrderId) {
    return received.stream().filter(e -> workOrderId.equals(e.getString("subject"))).toList();
  }

  /** The {@code content-type} header of every message received so far ("null" when absent). */
  public List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  /** Waits (20 s at most) until at least {@code count} events of the work order arrived. */
  public List<JsonObject> await(String workOrderId, int count) {
    Awaitility.await("events of " + workOrderId)
        .atMost(Duration.ofSeconds(20))
        .until(() -> of(workOrderId).size() >= count);
    return of(workOrderId);
  }

  @Override
  public void close() {
    Http.await(consumer.unregister());
  }
}
