package dev.wrench.identity;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The bus contract of OAuth clients (client credentials): only a secret's digest travels. */
@Bus.Address(OAuthClientService.ADDRESS)
public interface OAuthClientService {

  String ADDRESS = "wrench.db.oauth-clients";

  Future<JsonObject> create(Actor actor, JsonObject body);

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  Future<JsonObject> revoke(Actor actor, String id);

  /** {@code {client_id}} → the client with its secret's digest, for the token endpoint. */
  Future<JsonObject> find(String clientId);
}
