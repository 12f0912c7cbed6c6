package dev.wrench.pm;

import dev.wrench.bus.BusClient;
import dev.wrench.calendar.CalendarService;
import dev.wrench.events.OutboxRelayVerticle;
import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.DatabaseVerticle;
import dev.wrench.store.StoreContext;
import dev.wrench.workorder.WorkOrderService;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preventive maintenance schedules: their routes, their service on the bus, and the generator of
 * their work orders (on the sweeper database verticle of each instance: the database makes the
 * instances agree, see {@link PmGenerator}).
 */
public final class PmFeature implements Feature {

  private static final Logger LOG = LoggerFactory.getLogger(PmFeature.class);

  private final PmConfig config;
  private final Clock clock;

  /**
   * @param clock the generator's and the planning's time: the system clock in production, one a
   *     test moves
   */
  public PmFeature(PmConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void store(StoreContext store) {
    DeliveryOptions delivery = new DeliveryOptions();
    CalendarService calendars =
        BusClient.of(store.vertx().eventBus(), CalendarService.class, delivery);
    store.serve(
        PmScheduleService.class,
        new PmScheduleStore(
            new PmScheduleRepository(store.db()),
            store.idempotency(),
            calendars,
            store.vertx().eventBus(),
            clock));
    if (!store.sweeper()) {
      return;
    }
    WorkOrderService workOrders =
        BusClient.of(store.vertx().eventBus(), WorkOrderService.class, delivery);
    PmCompletions completions =
        new PmCompletions(new PmCompletionRepository(store.db()), calendars, workOrders);
    PmGenerator generator =
        new PmGenerator(
            new PmGeneratorRepository(store.db()),
            workOrders,
            completions,
            calendars,
            clock,
            config,
            () ->
                store
                    .vertx()
                    .eventBus()
                    .send(
                        DatabaseVerticle.EVENTS_COMMITTED,
                        null,
                        new DeliveryOptions().setLocalOnly(true)));
    // Local: each instance's sweeper answers its own wakes (the database shares the work out).
    MessageConsumer<JsonObject> wakes =
        store
            .vertx()
            .eventBus()
            .localConsumer(
                PmGenerator.WAKE,
                message ->
                    generator
                        .wake()
                        .onSuccess(message::reply)
                        .onFailure(e -> message.fail(500, e.getMessage())));
    MessageConsumer<JsonObject> events =
        store
            .vertx()
            .eventBus()
            .localConsumer(
                OutboxRelayVerticle.WORK_ORDER_EVENTS,
                message ->
                    completions
                        .onEvent(message.body())
                        .onSuccess(
                            moved -> {
                              if (moved) {
                                generator.wake();
                              }
                            })
                        .onFailure(
                            e -> LOG.warn("pm completion of an event failed: {}", e.getMessage())));
    store.every(config.generatorIntervalMs(), "pm generator", generator::wake);
    store.onStop(() -> wakes.unregister().compose(v -> events.unregister()));
  }

  @Override
  public void routes(RouteContext routes) {
    PmScheduleService schedules = routes.service(PmScheduleService.class);
    routes.handle("listPmSchedules", routes.api().list(schedules::list));
    routes.handle("createPmSchedule", routes.api().create(schedules::create, Location.child()));
    routes.handle("getPmSchedule", routes.api().get(schedules::get));
    routes.handle("updatePmSchedule", routes.api().patch(schedules::patch, null));
    routes.handle("deletePmSchedule", routes.api().delete(schedules::delete, null));
    routes.handle("listPmOccurrences", routes.api().subList(schedules::occurrences));
  }
}
