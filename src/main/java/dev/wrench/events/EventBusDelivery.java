package dev.wrench.events;

import dev.wrench.bus.Addresses;
import dev.wrench.tracing.TraceContext;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;

/** The embedded default: events are published on the event bus only, to this process. */
final class EventBusDelivery implements EventDelivery {

  private final Vertx vertx;

  EventBusDelivery(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Outcome> publish(List<JsonObject> events) {
    return Future.succeededFuture(new Outcome(Collections.nCopies(events.size(), true), null));
  }

  @Override
  public void afterMarked(List<JsonObject> events) {
    events.forEach(
        event -> {
          // In the trace of the change that wrote the event (a no-op when it was not traced).
          try (Scope resumed = TraceContext.resume(event.getString(CloudEvents.TRACEPARENT))) {
            vertx.eventBus().publish(Addresses.WORK_ORDER_EVENTS, event);
          }
        });
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
