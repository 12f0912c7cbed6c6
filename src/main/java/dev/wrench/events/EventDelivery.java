package dev.wrench.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Where the relay delivers events: Kafka (and the event bus), or the event bus alone. */
interface EventDelivery {

  /** Which events of the batch were delivered (by index), and the error of the first failure. */
  record Outcome(List<Boolean> delivered, String error) {
    public Outcome {
      delivered = List.copyOf(delivered);
    }
  }

  /** Delivers the events in order; never fails, the outcome says what went through. */
  Future<Outcome> publish(List<JsonObject> events);

  /** Whether events leave the process (then the relay starts cautiously). */
  boolean remote();

  /** Whether the destination answered its last health probe. */
  boolean reachable();

  /** {@code {delivery, ...}} for the health check and the start-up log. */
  JsonObject describe();

  Future<Void> close();
}
