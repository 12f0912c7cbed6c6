package dev.wrench.site;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.ResourceStore;
import dev.wrench.store.StoreContext;

/** Sites: their routes and their service on the bus. */
public final class SiteFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(
        SiteService.class,
        new ResourceStore(
            new SiteRepository(store.db()), store.idempotency(), SiteService.ADDRESS + ".create"));
  }

  @Override
  public void routes(RouteContext routes) {
    SiteService sites = routes.service(SiteService.class);
    routes.handle("listSites", routes.api().list(sites::list));
    routes.handle("createSite", routes.api().create(sites::create, Location.child()));
    routes.handle("getSite", routes.api().get(sites::get));
    routes.handle("updateSite", routes.api().patch(sites::patch, null));
    routes.handle("deleteSite", routes.api().delete(sites::delete, null));
  }
}
