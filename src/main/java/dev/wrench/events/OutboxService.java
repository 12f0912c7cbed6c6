package dev.wrench.events;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The outbox on the bus: the relay's lease and batches, the overdue check, replays. The internal
 * verbs take their request as it is: {@code claim {relay, limit, lease_ms}} → {@code {leased,
 * epoch, events}}; {@code published {relay, epoch, lease_ms, sequences}}; {@code release {relay}}.
 */
@Bus.Address(OutboxService.ADDRESS)
public interface OutboxService {

  String ADDRESS = "wrench.db.events";

  Future<JsonObject> claim(@Bus.Message JsonObject request);

  Future<JsonObject> published(@Bus.Message JsonObject request);

  Future<JsonObject> release(@Bus.Message JsonObject request);

  Future<JsonObject> backlog();

  /** {@code {limit}} → {@code {written}}: overdue events for work orders past due. */
  @Bus.AppendsEvents
  Future<JsonObject> detectOverdue(@Bus.Message JsonObject request);

  @Bus.AppendsEvents
  Future<JsonObject> replay(Actor actor, JsonObject body);
}
