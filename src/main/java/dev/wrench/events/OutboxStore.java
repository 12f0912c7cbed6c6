package dev.wrench.events;

import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The serving side of {@link OutboxService}: the requests' fields, then the outbox's SQL. */
final class OutboxStore implements OutboxService {

  private static final int OVERDUE_BATCH = 500;

  private final OutboxRepository events;

  OutboxStore(OutboxRepository events) {
    this.events = events;
  }

  @Override
  public Future<JsonObject> claim(JsonObject request) {
    return events.claim(
        request.getString("relay"), request.getInteger("limit"), request.getLong("lease_ms"));
  }

  @Override
  public Future<JsonObject> published(JsonObject request) {
    return events.markPublished(
        request.getString("relay"),
        request.getLong("epoch"),
        request.getLong("lease_ms"),
        request.getJsonArray("sequences").stream().map(n -> ((Number) n).longValue()).toList());
  }

  @Override
  public Future<JsonObject> release(JsonObject request) {
    return events.release(request.getString("relay"));
  }

  @Override
  public Future<JsonObject> backlog() {
    return events.backlog();
  }

  @Override
  public Future<JsonObject> detectOverdue(JsonObject request) {
    return events.detectOverdue(request.getInteger("limit", OVERDUE_BATCH));
  }

  @Override
  public Future<JsonObject> replay(Actor actor, JsonObject body) {
    return events.replay(actor, body);
  }
}
