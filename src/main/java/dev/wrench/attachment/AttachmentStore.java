package dev.wrench.attachment;

import dev.wrench.core.Actor;
import dev.wrench.store.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The serving side of {@link AttachmentService}: path ids checked, then the repository of the
 * verb's side (the HTTP side's attachments, the worker's queue, the dead letters).
 */
final class AttachmentStore implements AttachmentService {

  private final AttachmentRepository repository;
  private final AttachmentQueueRepository queue;
  private final AttachmentDeadLetterRepository deadLetters;

  AttachmentStore(
      AttachmentRepository repository,
      AttachmentQueueRepository queue,
      AttachmentDeadLetterRepository deadLetters) {
    this.repository = repository;
    this.queue = queue;
    this.deadLetters = deadLetters;
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
  public Future<JsonObject> listOfRequest(Actor actor, String id, JsonObject query) {
    return repository.listOfRequest(actor, Params.pathId(id), query);
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
    return queue.claim(request);
  }

  @Override
  public Future<JsonObject> finish(JsonObject request) {
    return queue.finish(request);
  }

  @Override
  public Future<JsonObject> retryLater(JsonObject request) {
    return queue.retryLater(request);
  }

  @Override
  public Future<JsonObject> sweep(JsonObject request) {
    return queue.sweep(request);
  }

  @Override
  public Future<JsonObject> objectsRemoved(JsonObject request) {
    return queue.objectsRemoved(request);
  }

  @Override
  public Future<JsonObject> known(JsonObject request) {
    return queue.known(request);
  }

  @Override
  public Future<JsonObject> deadLetters(Actor actor, JsonObject query) {
    return deadLetters.deadLetters(actor, query);
  }

  @Override
  public Future<JsonObject> retryDeadLetter(Actor actor, String id) {
    return deadLetters.retryDeadLetter(actor, Params.pathId(id));
  }
}
