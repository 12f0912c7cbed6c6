package dev.wrench.identity;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of API keys (their authentication is {@code
 * dev.wrench.auth.ApiKeyAuthentication}, on the same address).
 */
@Bus.Address(ApiKeyService.ADDRESS)
public interface ApiKeyService {

  String ADDRESS = "wrench.db.api-keys";

  Future<JsonObject> create(Actor actor, JsonObject body);

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  Future<JsonObject> revoke(Actor actor, String id);

  Future<JsonObject> rotate(Actor actor, String id, JsonObject body);
}
