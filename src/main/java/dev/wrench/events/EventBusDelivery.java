package dev.wrench.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;

/**
 * The embedded default: events are handed to this node's notification worker, which records their
 * notification jobs before the batch counts as delivered (so an event is marked published only once
 * its notifications are safe in PostgreSQL), then published on the event bus.
 */
public final class EventBusDelivery implements EventDelivery {

  /**
   * Where in-process delivery hands each event to this process's consumers (the notification
   * worker's intake), before the relay marks it published.
   */
  public static final String INTAKE = "wrench.notifications.intake";

  /** Recording a batch's jobs: a few statements per event. */
  private static final long INTAKE_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final DeliveryOptions intake = new DeliveryOptions().setSendTimeout(INTAKE_TIMEOUT_MS);

  EventBusDelivery(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Outcome> publish(List<JsonObject> events) {
    return vertx
        .eventBus()
        .request(
            EventBusDelivery.INTAKE, new JsonObject().put("events", new JsonArray(events)), intake)
        .map(recorded -> all(events, true, null))
        .recover(
            e ->
                Future.succeededFuture(
                    e instanceof ReplyException reply
                            && reply.failureType() == ReplyFailure.NO_HANDLERS
                        // Notifications are off: nobody to hand the events to.
                        ? all(events, true, null)
                        : all(events, false, "notification intake: " + e.getMessage())));
  }

  private static Outcome all(List<JsonObject> events, boolean delivered, String error) {
    return new Outcome(Collections.nCopies(events.size(), delivered), error);
  }

  @Override
  public boolean remote() {
    return false;
  }

  @Override
  public boolean reachable() {
    return true;
  }

  @Override
  public JsonObject describe() {
    return new JsonObject().put("delivery", "in-process");
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
