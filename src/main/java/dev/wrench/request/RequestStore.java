package dev.wrench.request;

import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import dev.wrench.store.IdempotencyStore;
import dev.wrench.store.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The serving side of {@link RequestService}: path ids checked, creates once per key. */
final class RequestStore implements RequestService {

  private final RequestRepository repository;
  private final IdempotencyStore idempotency;

  RequestStore(RequestRepository repository, IdempotencyStore idempotency) {
    this.repository = repository;
    this.idempotency = idempotency;
  }

  @Override
  public Future<JsonObject> list(Actor actor, JsonObject query) {
    return repository.list(actor, query);
  }

  @Override
  public Future<JsonObject> get(Actor actor, String id) {
    return repository.get(actor, Params.pathId(id));
  }

  @Override
  public Future<JsonObject> create(Actor actor, CreateRequest request) {
    return idempotency.create(
        ADDRESS + ".create",
        actor,
        request,
        client -> repository.create(client, actor, request.body()));
  }

  @Override
  public Future<JsonObject> reject(Actor actor, String id, JsonObject body) {
    return repository.reject(actor, Params.pathId(id), body.getString("reason"));
  }

  @Override
  public Future<JsonObject> cancel(Actor actor, String id) {
    return repository.cancel(actor, Params.pathId(id));
  }
}
