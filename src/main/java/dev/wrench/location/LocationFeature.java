package dev.wrench.location;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.ResourceStore;
import dev.wrench.store.StoreContext;

/** Locations, a tree per organization: their routes and their service on the bus. */
public final class LocationFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(
        LocationService.class,
        new ResourceStore(
            new LocationRepository(store.db()),
            store.idempotency(),
            LocationService.ADDRESS + ".create"));
  }

  @Override
  public void routes(RouteContext routes) {
    LocationService locations = routes.service(LocationService.class);
    routes.handle("listLocations", routes.api().list(locations::list));
    routes.handle("createLocation", routes.api().create(locations::create, Location.child()));
    routes.handle("getLocation", routes.api().get(locations::get));
    routes.handle("updateLocation", routes.api().patch(locations::patch, null));
    routes.handle("deleteLocation", routes.api().delete(locations::delete, null));
  }
}
