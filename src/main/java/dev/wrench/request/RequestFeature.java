package dev.wrench.request;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.Calls;
import dev.wrench.http.EntityTags;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;
import dev.wrench.workorder.WorkOrderService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Maintenance requests (issue 20): made by anyone, approved into a work order (by the work order
 * service, in one transaction), rejected with a reason, cancelled by their requester; and filed
 * without a login through an asset's public request link ({@link PublicIntakeRoutes}).
 */
public final class RequestFeature implements Feature {

  private static final String WORK_ORDERS = "/api/v1/work-orders/";

  @Override
  public void store(StoreContext store) {
    RequestRepository requests = new RequestRepository(store.db());
    store.serve(RequestService.class, new RequestStore(requests, store.idempotency()));
    store.serve(
        RequestLinkService.class,
        new RequestLinkStore(new RequestLinkRepository(store.db()), requests));
  }

  @Override
  public void routes(RouteContext routes) {
    RequestService requests = routes.service(RequestService.class);
    WorkOrderService workOrders = routes.service(WorkOrderService.class);
    ApiHandlers api = routes.api();
    routes.handle("listRequests", api.list(requests::list));
    routes.handle("createRequest", api.create(requests::create, Location.child()));
    routes.handle("getRequest", api.get(requests::get));
    routes.handle(
        "approveRequest",
        command(
            workOrders::approveRequest,
            201,
            (ctx, workOrder) -> WORK_ORDERS + workOrder.getString("id")));
    routes.handle("rejectRequest", command(requests::reject, 200, null));
    routes.handle(
        "cancelRequest", command((actor, id, body) -> requests.cancel(actor, id), 200, null));
    new PublicIntakeRoutes(routes.service(RequestLinkService.class), routes).mount(routes);
  }

  /**
   * A move of one request: the path id and the validated body (empty when none was sent) to {@code
   * call}, answered with {@code status}, the reply and its ETag, and its {@code Location} when
   * {@code location} is given (the approval, which creates a work order).
   */
  private static Handler<RoutingContext> command(
      Calls.ByIdWithBody call, int status, Location location) {
    return ctx ->
        call.apply(ApiHandlers.actor(ctx), ApiHandlers.pathId(ctx), ApiHandlers.body(ctx))
            .onFailure(ctx::fail)
            .onSuccess(
                reply -> {
                  if (location != null) {
                    ctx.response().putHeader("Location", location.of(ctx, reply));
                  }
                  String etag = EntityTags.of(reply);
                  if (etag != null) {
                    ctx.response().putHeader("ETag", etag);
                  }
                  ApiHandlers.json(ctx, status, reply);
                });
  }
}
