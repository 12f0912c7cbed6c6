package dev.wrench.pm;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;

/** Meters of assets and their readings: routes and the service on the bus. */
public final class MeterFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(
        MeterService.class,
        new MeterStore(
            new MeterRepository(store.db()),
            new MeterReadingRepository(store.db()),
            store.idempotency(),
            store.vertx().eventBus()));
  }

  @Override
  public void routes(RouteContext routes) {
    MeterService meters = routes.service(MeterService.class);
    ApiHandlers api = routes.api();
    routes.handle("listMeters", api.list(meters::list));
    routes.handle("createMeter", api.create(meters::create, Location.child()));
    // Not cached: each batch of readings changes the meter, and they come often.
    routes.handle("getMeter", api.get(meters::get));
    routes.handle("updateMeter", api.patch(meters::patch, null));
    routes.handle("deleteMeter", api.delete(meters::delete, null));
    routes.handle("listMeterReadings", api.subList(meters::readings));
    routes.handle("createMeterReadings", api.create(meters::createReadings, Location.collection()));
  }
}
