package dev.wrench.bus;

import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of a plain resource: the five verbs and their message shapes. A feature whose
 * resource needs no more declares its contract as an interface extending this one with its {@link
 * Bus.Address}.
 *
 * <ul>
 *   <li>{@code list}: {@code {actor, query: {param: value | [values]}}} → {@code {items,
 *       next_cursor}}
 *   <li>{@code get}: {@code {actor, id}} → the resource
 *   <li>{@code create}: {@code {actor, body, idempotency_key?, request_fingerprint?}} → {@code
 *       {resource, replayed}}
 *   <li>{@code patch}: {@code {actor, id, if_match?, body}} → the resource
 *   <li>{@code delete}: {@code {actor, id, if_match?}} → {@code {}}
 * </ul>
 */
public interface ResourceService {

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  Future<JsonObject> create(Actor actor, CreateRequest request);

  Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body);

  Future<JsonObject> delete(Actor actor, String id, Integer ifMatch);
}
