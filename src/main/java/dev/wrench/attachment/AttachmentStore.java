package dev.wrench.attachment;

import dev.wrench.core.Actor;
import dev.wrench.store.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The serving side of {@link AttachmentService}: path ids checked, then the repository. */
final class AttachmentStore implements AttachmentService {

  private final AttachmentRepository repository;

  AttachmentStore(AttachmentRepository repository) {
    this.repository = repository;
  }

  private static Actor actor(JsonObject request) {
    return Actor.fromJson(request.getJsonObject("actor"));
  }

  private static java.util.UUID id(JsonObject request) {
    return Params.pathId(request.getString("id"));
  }

  @Override
  public Future<JsonObject> begin(JsonObject request) {
    return repository.begin(actor(request), id(request), request);
  }

  @Override
  public Future<JsonObject> complete(JsonObject request) {
    return repository.complete(actor(request), id(request), request);
  }

  @Override
  public Future<JsonObject> abort(Actor actor, String id) {
    return repository.abort(actor, Params.pathId(id));
  }

  @Override
  public Future<JsonObject> list(Actor actor, String id, JsonObject query) {
    return repository.list(actor, Params.pathId(id), query);
  }

  @Override
  public Future<JsonObject> get(Actor actor, String id) {
    return repository.get(actor, Params.pathId(id));
  }

  @Override
  public Future<JsonObject> locate(Actor actor, String id) {
    return repository.locate(actor, Params.pathId(id));
  }

  @Override
  public Future<JsonObject> delete(Actor actor, String id) {
    return repository.delete(actor, Params.pathId(id));
  }

  @Override
  public Future<JsonObject> claim(JsonObject request) {
    return repository.claim(request);
  }

  @Override
  public Future<JsonObject> finish(JsonObject request) {
    return repository.finish(request);
  }

  @Override
  public Future<JsonObject> retryLater(JsonObject request) {
    return repository.retryLater(request);
  }

  @Override
  public Future<JsonObject> sweep(JsonObject request) {
    return repository.sweep(request);
  }

  @Override
  public Future<JsonObject> objectsRemoved(JsonObject request) {
    return repository.objectsRemoved(request);
  }

  @Override
  public Future<JsonObject> known(JsonObject request) {
    return repository.known(request);
  }

  @Override
  public Future<JsonObject> deadLetters(Actor actor, JsonObject query) {
    return repository.deadLetters(actor, query);
  }

  @Override
  public Future<JsonObject> retryDeadLetter(Actor actor, String id) {
    return repository.retryDeadLetter(actor, Params.pathId(id));
  }
}
