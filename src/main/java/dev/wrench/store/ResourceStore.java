package dev.wrench.store;

import dev.wrench.bus.ResourceService;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A plain resource on the bus: path ids checked as UUIDs, creates once per {@code Idempotency-Key},
 * the rest as the repository answers.
 */
public final class ResourceStore implements ResourceService {

  private final ResourceRepository repository;
  private final IdempotencyStore idempotency;
  private final String createOperation;

  /**
   * @param createOperation what a create is called in the idempotency records: the address of the
   *     create, so that one key names one create
   */
  public ResourceStore(
      ResourceRepository repository, IdempotencyStore idempotency, String createOperation) {
    this.repository = repository;
    this.idempotency = idempotency;
    this.createOperation = createOperation;
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
        createOperation,
        actor,
        request,
        client -> repository.create(client, actor, request.body()));
  }

  @Override
  public Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body) {
    return repository.patch(actor, Params.pathId(id), ifMatch, body);
  }

  @Override
  public Future<JsonObject> delete(Actor actor, String id, Integer ifMatch) {
    return repository.delete(actor, Params.pathId(id), ifMatch);
  }
}
