package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.core.CreateRequest;
import dev.wrench.store.IdempotencyStore;
import dev.wrench.store.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The serving side of {@link WorkOrderService}: each verb to the repository of its job, idempotent
 * creates, the meters.
 */
final class WorkOrderStore implements WorkOrderService {

  private final WorkOrderRepository repository;
  private final WorkOrderPatchRepository patches;
  private final WorkOrderHistoryRepository history;
  private final WorkOrderCommentRepository comments;
  private final IdempotencyStore idempotency;
  private final WorkOrderMeters meters;
  private final WorkOrderGenerationRepository generation;
  private final WorkOrderChecklistRepository checklists;
  private final MeterReadingSink meterReadings;
  private final WorkOrderRequestRepository requests;

  WorkOrderStore(
      WorkOrderRepository repository,
      WorkOrderPatchRepository patches,
      WorkOrderHistoryRepository history,
      WorkOrderCommentRepository comments,
      IdempotencyStore idempotency,
      WorkOrderMeters meters,
      WorkOrderGenerationRepository generation,
      WorkOrderChecklistRepository checklists,
      MeterReadingSink meterReadings,
      WorkOrderRequestRepository requests) {
    this.repository = repository;
    this.patches = patches;
    this.history = history;
    this.comments = comments;
    this.idempotency = idempotency;
    this.meters = meters;
    this.generation = generation;
    this.requests = requests;
    this.checklists = checklists;
    this.meterReadings = meterReadings;
  }

  @Override
  public Future<JsonObject> checklist(Actor actor, String id) {
    return checklists.checklist(actor, Params.pathId(id));
  }

  /**
   * The answer, then (after its commit) a meter reading's record with the meters feature, at the
   * answer's {@code done_at}. The reading is not in the answer's transaction: it is the meters
   * feature's, with its own (usage, triggers). Should it fail, the answer stands and the call
   * fails, so that the client retries; a reading repeated at the same instant adds nothing.
   */
  @Override
  public Future<JsonObject> answerChecklistItem(
      Actor actor, String id, String key, Integer ifMatch, JsonObject body) {
    return checklists
        .answer(actor, Params.pathId(id), key, ifMatch, body)
        .compose(
            answered -> {
              if (answered.followUp() != null) {
                meters.created(answered.followUp().getString("priority"));
              }
              JsonObject item = answered.item();
              if (!"meter_reading".equals(item.getString("type"))
                  || item.getValue("value") == null) {
                return Future.succeededFuture(item);
              }
              return meterReadings
                  .record(
                      actor,
                      java.util.UUID.fromString(item.getString("meter_id")),
                      new java.math.BigDecimal(item.getString("value")),
                      item.getString("done_at"))
                  .map(item);
            });
  }

  @Override
  public Future<JsonObject> list(Actor actor, JsonObject query) {
    return repository.list(actor, query);
  }

  @Override
  public Future<JsonObject> get(Actor actor, String id) {
    return repository.get(actor, Params.pathId(id));
  }

  /**
   * Without an idempotency key the create is one statement in its own (pipelined) round trip; the
   * key's bookkeeping needs the transaction of the idempotent path.
   */
  @Override
  public Future<JsonObject> create(Actor actor, CreateRequest request) {
    if (request.body().getValue("team_id") != null && !WorkOrderRules.mayAssignTeam(actor.role())) {
      return Future.failedFuture(BusError.forbidden("only admins and managers assign a team"));
    }
    Future<JsonObject> created =
        request.idempotencyKey() == null
            ? repository
                .create(actor, request.body())
                .map(resource -> new JsonObject().put("resource", resource).put("replayed", false))
            : idempotency.create(
                ADDRESS + ".create",
                actor,
                request,
                client -> repository.create(client, actor, request.body()));
    return created.onSuccess(
        reply -> {
          if (!reply.getBoolean("replayed", false)) {
            meters.created(reply.getJsonObject("resource").getString("priority"));
          }
        });
  }

  @Override
  public Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body) {
    return patches
        .patch(actor, Params.pathId(id), ifMatch, body)
        .onSuccess(
            row -> {
              // The state machine refuses completed -> completed: this is a move.
              if ("completed".equals(body.getString("status"))) {
                meters.completed(row.getString("priority"));
              }
            });
  }

  @Override
  public Future<JsonObject> delete(Actor actor, String id, Integer ifMatch) {
    return repository.delete(actor, Params.pathId(id), ifMatch);
  }

  @Override
  public Future<JsonObject> generateBatch(Actor actor, JsonObject body) {
    return generation
        .generateBatch(actor, body)
        .onSuccess(
            batch ->
                batch.getJsonArray("items").stream()
                    .map(JsonObject.class::cast)
                    .filter(workOrder -> workOrder.getBoolean("created"))
                    .forEach(workOrder -> meters.created(workOrder.getString("priority"))));
  }

  @Override
  public Future<JsonObject> generate(Actor actor, JsonObject body) {
    return generation
        .generate(actor, body)
        .onSuccess(
            workOrder -> {
              if (workOrder.getBoolean("created")) {
                meters.created(workOrder.getString("priority"));
              }
            });
  }

  @Override
  public Future<JsonObject> approveRequest(Actor actor, String id, JsonObject body) {
    return requests
        .approve(actor, Params.pathId(id), body)
        .onSuccess(workOrder -> meters.created(workOrder.getString("priority")));
  }

  @Override
  public Future<JsonObject> history(Actor actor, String id, JsonObject query) {
    return history.history(actor, Params.pathId(id), query);
  }

  @Override
  public Future<JsonObject> comments(Actor actor, String id, JsonObject query) {
    return comments.comments(actor, Params.pathId(id), query);
  }

  @Override
  public Future<JsonObject> createComment(Actor actor, CreateRequest request) {
    return idempotency.create(
        ADDRESS + ".comments.create",
        actor,
        request,
        client ->
            comments.createComment(
                client, actor, Params.pathId(request.parentId()), request.body()));
  }
}
