package dev.wrench.store;

import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.UUID;

/** The SQL side of a plain resource, served on the bus by {@link ResourceStore}. */
public interface ResourceRepository {

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, UUID id);

  /** Inserts the row with {@code client}: the caller's transaction (idempotency, below). */
  Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body);

  Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body);

  Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch);
}
