package dev.wrench.asset;

import dev.wrench.cache.CacheKind;
import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.ResourceStore;
import dev.wrench.store.StoreContext;

/** Assets: their routes and their service on the bus. */
public final class AssetFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(
        AssetService.class,
        new ResourceStore(
            new AssetRepository(store.db()),
            store.idempotency(),
            AssetService.ADDRESS + ".create"));
  }

  @Override
  public void routes(RouteContext routes) {
    AssetService assets = routes.service(AssetService.class);
    routes.handle("listAssets", routes.api().list(assets::list));
    routes.handle("createAsset", routes.api().create(assets::create, Location.child()));
    routes.handle(
        "getAsset",
        routes.api().cachedGet(assets::get, CacheKind.ASSETS, "asset", (actor, row) -> true));
    routes.handle("updateAsset", routes.api().patch(assets::patch, CacheKind.ASSETS));
    routes.handle("deleteAsset", routes.api().delete(assets::delete, CacheKind.ASSETS));
  }
}
