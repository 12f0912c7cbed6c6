package dev.wrench.checklist;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.ResourceStore;
import dev.wrench.store.StoreContext;

/**
 * Checklist templates: their routes and their service on the bus. A work order's own checklist (its
 * copy of a template's items, and the answers) is the work order feature's: an answer is atomic
 * with the work order's row lock, history and follow-up work order, which only that feature may
 * write.
 */
public final class ChecklistFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(
        ChecklistTemplateService.class,
        new ResourceStore(
            new ChecklistTemplateRepository(store.db()),
            store.idempotency(),
            ChecklistTemplateService.ADDRESS + ".create"));
  }

  @Override
  public void routes(RouteContext routes) {
    ChecklistTemplateService templates = routes.service(ChecklistTemplateService.class);
    routes.handle("listChecklistTemplates", routes.api().list(templates::list));
    routes.handle(
        "createChecklistTemplate", routes.api().create(templates::create, Location.child()));
    routes.handle("getChecklistTemplate", routes.api().get(templates::get));
    routes.handle("updateChecklistTemplate", routes.api().patch(templates::patch, null));
    routes.handle("deleteChecklistTemplate", routes.api().delete(templates::delete, null));
  }
}
