package dev.wrench.labor;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of labor and costs, served by the database verticles. Each write that changes a
 * work order's costs answers with {@code work_order_version}, the work order's version after it, so
 * that the caller invalidates the cached work order.
 */
@Bus.Address(LaborService.ADDRESS)
public interface LaborService {

  String ADDRESS = "wrench.db.labor";

  /** {@code {actor, id, query}} → a page of work order {@code id}'s time entries. */
  @Bus.Verb("time-entries.list")
  Future<JsonObject> timeEntries(Actor actor, String id, JsonObject query);

  /** A timer or manual entry on work order {@code parentId} of the request. */
  @Bus.Verb("time-entries.create")
  Future<JsonObject> createTimeEntry(Actor actor, CreateRequest request);

  @Bus.Verb("time-entries.stop")
  Future<JsonObject> stopTimeEntry(Actor actor, String id, String entryId, JsonObject body);

  @Bus.Verb("time-entries.delete")
  Future<JsonObject> deleteTimeEntry(Actor actor, String id, String entryId);

  /** {@code {actor, id, query}} → a page of work order {@code id}'s other cost lines. */
  @Bus.Verb("costs.list")
  Future<JsonObject> costs(Actor actor, String id, JsonObject query);

  @Bus.Verb("costs.create")
  Future<JsonObject> createCost(Actor actor, CreateRequest request);

  @Bus.Verb("costs.delete")
  Future<JsonObject> deleteCost(Actor actor, String id, String costId);
}
