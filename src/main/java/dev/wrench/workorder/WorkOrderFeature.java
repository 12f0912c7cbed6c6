package dev.wrench.workorder;

import dev.wrench.cache.CacheKind;
import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/** Work orders, their history and comments: routes, the service on the bus, the meters. */
public final class WorkOrderFeature implements Feature {

  private final Duration backlogRefresh;
  private final Function<EventBus, MeterReadingSink> meterReadings;

  /**
   * {@code backlogRefresh}: how often the gauges of /metrics are recounted; {@code meterReadings}:
   * where a checklist's meter readings go, made per database verticle from its event bus.
   */
  public WorkOrderFeature(
      Duration backlogRefresh, Function<EventBus, MeterReadingSink> meterReadings) {
    this.backlogRefresh = backlogRefresh;
    this.meterReadings = meterReadings;
  }

  @Override
  public void store(StoreContext store) {
    WorkOrderRepository repository = new WorkOrderRepository(store.db());
    WorkOrderMeters meters = new WorkOrderMeters(store.meters());
    store.serve(
        WorkOrderService.class,
        new WorkOrderStore(
            repository,
            new WorkOrderPatchRepository(store.db()),
            new WorkOrderHistoryRepository(store.db(), repository),
            new WorkOrderCommentRepository(store.db(), repository),
            store.idempotency(),
            meters,
            new WorkOrderGenerationRepository(store.db()),
            new WorkOrderChecklistRepository(store.db(), repository),
            meterReadings.apply(store.vertx().eventBus()),
            new WorkOrderRequestRepository(store.db(), repository)));
    store.onStop(
        () -> {
          meters.close();
          return Future.succeededFuture();
        });
    // One count query per interval for the whole process: by the instance that sweeps.
    if (store.sweeper()) {
      meters.registerBacklog();
      Supplier<Future<?>> refresh =
          () ->
              repository
                  .backlog()
                  .onSuccess(b -> meters.backlog(b.getLong("open"), b.getLong("overdue")));
      store.nowAndEvery(backlogRefresh.toMillis(), "Counting the backlog", refresh);
    }
  }

  @Override
  public void routes(RouteContext routes) {
    WorkOrderService workOrders = routes.service(WorkOrderService.class);
    ApiHandlers api = routes.api();
    routes.handle("listWorkOrders", api.list(workOrders::list));
    routes.handle("createWorkOrder", api.create(workOrders::create, Location.child()));
    routes.handle(
        "getWorkOrder",
        api.cachedGet(
            workOrders::get,
            CacheKind.WORK_ORDERS,
            "work order",
            (actor, row) ->
                WorkOrderRules.mayRead(
                    actor.role(), actor.userId().toString(), row.getString("requester_id"))));
    routes.handle("updateWorkOrder", api.patch(workOrders::patch, CacheKind.WORK_ORDERS));
    routes.handle("deleteWorkOrder", api.delete(workOrders::delete, CacheKind.WORK_ORDERS));
    routes.handle("listWorkOrderHistory", api.subList(workOrders::history));
    routes.handle("listWorkOrderComments", api.subList(workOrders::comments));
    routes.handle(
        "createWorkOrderComment", api.create(workOrders::createComment, Location.collection()));
    routes.handle("getWorkOrderChecklist", api.get(workOrders::checklist));
    routes.handle(
        "answerWorkOrderChecklistItem", api.patchChild("key", workOrders::answerChecklistItem));
  }
}
