package dev.wrench.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded hand-over to the notification worker: a batch counts as delivered (and is marked
 * published by the relay) only once the worker answers that its jobs are recorded.
 */
class EventBusDeliveryTest {

  private Vertx vertx;
  private EventBusDelivery delivery;
  private final List<JsonObject> events =
      List.of(new JsonObject().put("id", "a"), new JsonObject().put("id", "b"));

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    delivery = new EventBusDelivery(vertx);
  }

  @AfterEach
  void stop() {
    Http.await(vertx.close());
  }

  @Test
  void aBatchIsDeliveredWhenTheWorkerHasRecordedIt() {
    List<JsonObject> handedOver = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> worker =
        vertx
            .eventBus()
            .consumer(
                EventBusDelivery.INTAKE,
                m -> {
                  handedOver.add(m.body());
                  m.reply(new JsonObject());
                });
    Http.await(worker.completion());
    EventDelivery.Outcome outcome = Http.await(delivery.publish(events));
    assertThat(outcome.delivered()).containsExactly(true, true);
    assertThat(handedOver).hasSize(1);
    assertThat(handedOver.get(0).getJsonArray("events").getList()).hasSize(2);
  }

  @Test
  void aBatchTheWorkerCouldNotRecordIsNotDelivered() {
    Http.await(
        vertx
            .eventBus()
            .<JsonObject>consumer(EventBusDelivery.INTAKE, m -> m.fail(503, "database unavailable"))
            .completion());
    EventDelivery.Outcome outcome = Http.await(delivery.publish(events));
    assertThat(outcome.delivered()).containsExactly(false, false);
    assertThat(outcome.error()).contains("database unavailable");
  }

  @Test
  void withoutANotificationWorkerThereIsNothingToHandOver() {
    EventDelivery.Outcome outcome = Http.await(delivery.publish(events));
    assertThat(outcome.delivered()).containsExactly(true, true);
  }
}
