package dev.wrench.attachment;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of attachments: the HTTP side's verbs take the request as the upload handler
 * builds it, {@code {actor, id, …}}; the worker's verbs theirs.
 */
@Bus.Address(AttachmentService.ADDRESS)
public interface AttachmentService {

  String ADDRESS = "wrench.db.attachments";

  Future<JsonObject> begin(@Bus.Message JsonObject request);

  @Bus.AppendsEvents
  Future<JsonObject> complete(@Bus.Message JsonObject request);

  Future<JsonObject> abort(Actor actor, String id);

  Future<JsonObject> list(Actor actor, String id, JsonObject query);

  /** {@code {actor, id, query}} → a page of the attachments of request {@code id}. */
  @Bus.Verb("requests.list")
  Future<JsonObject> listOfRequest(Actor actor, String id, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  Future<JsonObject> locate(Actor actor, String id);

  Future<JsonObject> delete(Actor actor, String id);

  Future<JsonObject> claim(@Bus.Message JsonObject request);

  Future<JsonObject> finish(@Bus.Message JsonObject request);

  Future<JsonObject> retryLater(@Bus.Message JsonObject request);

  Future<JsonObject> sweep(@Bus.Message JsonObject request);

  Future<JsonObject> objectsRemoved(@Bus.Message JsonObject request);

  Future<JsonObject> known(@Bus.Message JsonObject request);

  @Bus.Verb("dead-letters.list")
  Future<JsonObject> deadLetters(Actor actor, JsonObject query);

  @Bus.Verb("dead-letters.retry")
  Future<JsonObject> retryDeadLetter(Actor actor, String id);
}
