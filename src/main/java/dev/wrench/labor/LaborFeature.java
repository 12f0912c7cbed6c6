package dev.wrench.labor;

import dev.wrench.cache.CacheClient;
import dev.wrench.cache.CacheKind;
import dev.wrench.core.Actor;
import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;

/**
 * Labor and costs of a work order: time entries (timers, manual entries) and other cost lines.
 * Every write that changes the work order's costs invalidates the cached work order with its new
 * version once committed, before the answer, as the work order's own writes do.
 */
public final class LaborFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(
        LaborService.class,
        new LaborStore(
            new TimeEntryRepository(store.db()),
            new CostLineRepository(store.db()),
            store.idempotency()));
  }

  @Override
  public void routes(RouteContext routes) {
    LaborService labor = routes.service(LaborService.class);
    ApiHandlers api = routes.api();
    CacheClient cache = api.cache();
    routes.handle("listTimeEntries", api.subList(labor::timeEntries));
    routes.handle(
        "createTimeEntry",
        api.create(
            (actor, request) ->
                labor
                    .createTimeEntry(actor, request)
                    .compose(
                        reply ->
                            invalidated(
                                cache,
                                actor,
                                request.parentId(),
                                reply.getJsonObject("resource"),
                                reply)),
            Location.collection()));
    routes.handle(
        "stopTimeEntry",
        child(
            cache,
            "entry_id",
            (ctx, entryId) ->
                labor.stopTimeEntry(
                    ApiHandlers.actor(ctx),
                    ApiHandlers.pathId(ctx),
                    entryId,
                    ApiHandlers.body(ctx)),
            200));
    routes.handle(
        "deleteTimeEntry",
        child(
            cache,
            "entry_id",
            (ctx, entryId) ->
                labor.deleteTimeEntry(ApiHandlers.actor(ctx), ApiHandlers.pathId(ctx), entryId),
            204));
    routes.handle("listWorkOrderCosts", api.subList(labor::costs));
    routes.handle(
        "createWorkOrderCost",
        api.create(
            (actor, request) ->
                labor
                    .createCost(actor, request)
                    .compose(
                        reply ->
                            invalidated(
                                cache,
                                actor,
                                request.parentId(),
                                reply.getJsonObject("resource"),
                                reply)),
            Location.collection()));
    routes.handle(
        "deleteWorkOrderCost",
        child(
            cache,
            "cost_id",
            (ctx, costId) ->
                labor.deleteCost(ApiHandlers.actor(ctx), ApiHandlers.pathId(ctx), costId),
            204));
  }

  /**
   * A write on one child of a work order ({@code param}: the child's path parameter, checked
   * against the contract's uuid format by the router), answered with {@code status}: the child
   * (200) or nothing (204).
   */
  private static Handler<RoutingContext> child(
      CacheClient cache,
      String param,
      BiFunction<RoutingContext, String, Future<JsonObject>> write,
      int status) {
    return ctx -> {
      String workOrderId = ApiHandlers.pathId(ctx);
      Actor actor = ApiHandlers.actor(ctx);
      write
          .apply(ctx, ctx.pathParam(param))
          .compose(reply -> invalidated(cache, actor, workOrderId, reply, reply))
          .onSuccess(
              reply -> {
                if (status == 204) {
                  ctx.response().setStatusCode(204).end();
                } else {
                  ApiHandlers.json(ctx, status, reply);
                }
              })
          .onFailure(ctx::fail);
    };
  }

  /**
   * {@code reply} once the cached work order is invalidated, when {@code written} says the write
   * changed its costs ({@code work_order_version}).
   */
  private static Future<JsonObject> invalidated(
      CacheClient cache, Actor actor, String workOrderId, JsonObject written, JsonObject reply) {
    Integer version = written == null ? null : written.getInteger("work_order_version");
    if (version == null) {
      return Future.succeededFuture(reply);
    }
    return cache.invalidate(CacheKind.WORK_ORDERS, actor, workOrderId, version).map(reply);
  }
}
