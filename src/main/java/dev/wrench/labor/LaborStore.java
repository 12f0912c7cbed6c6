package dev.wrench.labor;

import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import dev.wrench.store.IdempotencyStore;
import dev.wrench.store.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The serving side of {@link LaborService}: creates through the idempotency store. */
final class LaborStore implements LaborService {

  private final TimeEntryRepository timeEntries;
  private final CostLineRepository costLines;
  private final IdempotencyStore idempotency;

  LaborStore(
      TimeEntryRepository timeEntries, CostLineRepository costLines, IdempotencyStore idempotency) {
    this.timeEntries = timeEntries;
    this.costLines = costLines;
    this.idempotency = idempotency;
  }

  @Override
  public Future<JsonObject> timeEntries(Actor actor, String id, JsonObject query) {
    return timeEntries.list(actor, Params.pathId(id), query);
  }

  @Override
  public Future<JsonObject> createTimeEntry(Actor actor, CreateRequest request) {
    return idempotency.create(
        ADDRESS + ".time-entries.create",
        actor,
        request,
        client ->
            timeEntries.create(client, actor, Params.pathId(request.parentId()), request.body()));
  }

  @Override
  public Future<JsonObject> stopTimeEntry(Actor actor, String id, String entryId, JsonObject body) {
    return timeEntries.stop(actor, Params.pathId(id), Params.pathId(entryId), body);
  }

  @Override
  public Future<JsonObject> deleteTimeEntry(Actor actor, String id, String entryId) {
    return timeEntries.delete(actor, Params.pathId(id), Params.pathId(entryId));
  }

  @Override
  public Future<JsonObject> costs(Actor actor, String id, JsonObject query) {
    return costLines.list(actor, Params.pathId(id), query);
  }

  @Override
  public Future<JsonObject> createCost(Actor actor, CreateRequest request) {
    return idempotency.create(
        ADDRESS + ".costs.create",
        actor,
        request,
        client ->
            costLines.create(client, actor, Params.pathId(request.parentId()), request.body()));
  }

  @Override
  public Future<JsonObject> deleteCost(Actor actor, String id, String costId) {
    return costLines.delete(actor, Params.pathId(id), Params.pathId(costId));
  }
}
