package dev.wrench.feature.throwaway;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;

/**
 * A feature made only to prove the layout's promise: one folder (this package) and one list entry
 * (in {@code OneFolderOneListEntryTest}) add a resource, with its route, its typed bus contract,
 * its repository and its permission rule, without touching shared code.
 */
public final class SiteCountFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(SiteCountService.class, new SiteCountRepository(store.db()));
  }

  @Override
  public void routes(RouteContext routes) {
    SiteCountService counts = routes.service(SiteCountService.class);
    routes.handle(
        "countSites",
        ctx ->
            counts
                .count(ApiHandlers.actor(ctx))
                .onSuccess(count -> ApiHandlers.json(ctx, 200, count))
                .onFailure(ctx::fail));
  }
}
