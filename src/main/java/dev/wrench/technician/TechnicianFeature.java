package dev.wrench.technician;

import dev.wrench.cache.CacheKind;
import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.ResourceStore;
import dev.wrench.store.StoreContext;

/** Technicians: their routes and their service on the bus. */
public final class TechnicianFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(
        TechnicianService.class,
        new ResourceStore(
            new TechnicianRepository(store.db()),
            store.idempotency(),
            TechnicianService.ADDRESS + ".create"));
  }

  @Override
  public void routes(RouteContext routes) {
    TechnicianService technicians = routes.service(TechnicianService.class);
    routes.handle("listTechnicians", routes.api().list(technicians::list));
    routes.handle("createTechnician", routes.api().create(technicians::create, Location.child()));
    routes.handle(
        "getTechnician",
        routes
            .api()
            .cachedGet(
                technicians::get, CacheKind.TECHNICIANS, "technician", (actor, row) -> true));
    routes.handle(
        "updateTechnician", routes.api().patch(technicians::patch, CacheKind.TECHNICIANS));
    routes.handle(
        "deleteTechnician", routes.api().delete(technicians::delete, CacheKind.TECHNICIANS));
  }
}
