package dev.wrench.workorder;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of work orders, served by the database verticles. The resource verbs have the
 * shapes of {@link dev.wrench.bus.ResourceService}; the writes append events to the outbox in their
 * transaction.
 */
@Bus.Address(WorkOrderService.ADDRESS)
public interface WorkOrderService {

  String ADDRESS = "wrench.db.work-orders";

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  @Bus.AppendsEvents
  Future<JsonObject> create(Actor actor, CreateRequest request);

  @Bus.AppendsEvents
  Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body);

  @Bus.AppendsEvents
  Future<JsonObject> delete(Actor actor, String id, Integer ifMatch);

  /** {@code {actor, id, query}} → a page of the work order's history. */
  @Bus.Verb("history.list")
  Future<JsonObject> history(Actor actor, String id, JsonObject query);

  /** {@code {actor, id, query}} → a page of its comments. */
  @Bus.Verb("comments.list")
  Future<JsonObject> comments(Actor actor, String id, JsonObject query);

  /** A comment on work order {@code id} (the create's parent). */
  @Bus.Verb("comments.create")
  @Bus.AppendsEvents
  Future<JsonObject> createComment(Actor actor, CreateRequest request);
}
