package dev.wrench.notification;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The notification jobs of the worker, and the dead letters people read and redrive. */
@Bus.Address(NotificationService.ADDRESS)
public interface NotificationService {

  String ADDRESS = "wrench.db.notifications";

  Future<JsonObject> expand(@Bus.Message JsonObject request);

  Future<JsonObject> claim(@Bus.Message JsonObject request);

  Future<JsonObject> release(@Bus.Message JsonObject request);

  Future<JsonObject> record(@Bus.Message JsonObject request);

  Future<JsonObject> dlqPending(@Bus.Message JsonObject request);

  Future<JsonObject> dlqPublished(@Bus.Message JsonObject request);

  Future<JsonObject> backlog();

  @Bus.Verb("dead-letters.list")
  Future<JsonObject> deadLetters(Actor actor, JsonObject query);

  @Bus.Verb("dead-letters.get")
  Future<JsonObject> deadLetter(Actor actor, String id);

  @Bus.Verb("dead-letters.redrive")
  Future<JsonObject> redriveDeadLetter(Actor actor, String id);
}
