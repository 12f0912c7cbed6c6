package dev.wrench.request;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of maintenance requests, served by the database verticles. Approval is not here:
 * it makes a work order in the same transaction, so it is the work order service's ({@code
 * WorkOrderService#approveRequest}).
 */
@Bus.Address(RequestService.ADDRESS)
public interface RequestService {

  String ADDRESS = "wrench.db.requests";

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  Future<JsonObject> create(Actor actor, CreateRequest request);

  /** {@code {actor, id, body: {reason}}} → the rejected request; 409 unless it was pending. */
  Future<JsonObject> reject(Actor actor, String id, JsonObject body);

  /** {@code {actor, id}} → the cancelled request; only its requester, only while pending. */
  Future<JsonObject> cancel(Actor actor, String id);
}
