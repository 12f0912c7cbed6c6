package dev.wrench.notification;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The bus contract of webhooks and their deliveries. */
@Bus.Address(WebhookService.ADDRESS)
public interface WebhookService {

  String ADDRESS = "wrench.db.webhooks";

  Future<JsonObject> create(Actor actor, JsonObject body);

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body);

  Future<JsonObject> delete(Actor actor, String id);

  Future<JsonObject> rotateSecret(Actor actor, String id, JsonObject body);

  @Bus.Verb("deliveries.list")
  Future<JsonObject> deliveries(Actor actor, String id, JsonObject query);
}
