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

  WorkOrderStore(
      WorkOrderRepository repository,
      WorkOrderPatchRepository patches,
      WorkOrderHistoryRepository history,
      WorkOrderCommentRepository comments,
      IdempotencyStore idempotency,
      WorkOrderMeters meters,
      WorkOrderGenerationRepository generation) {
    this.repository = repository;
    this.patches = patches;
    this.history = history;
    this.comments = comments;
    this.idempotency = idempotency;
    this.meters = meters;
    this.generation = generation;
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
