package dev.wrench.calendar;

import dev.wrench.feature.Feature;
import dev.wrench.http.RouteContext;
import dev.wrench.store.StoreContext;

/** Calendars and the organization's settings: the service on the bus and the settings routes. */
public final class CalendarFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(CalendarService.class, new CalendarRepository(store.db()));
  }

  @Override
  public void routes(RouteContext routes) {
    CalendarService calendar = routes.service(CalendarService.class);
    // A singleton resource: no id on its path (ApiHandlers passes null).
    routes.handle(
        "getOrganizationSettings", routes.api().get((actor, id) -> calendar.settings(actor)));
    routes.handle(
        "updateOrganizationSettings",
        routes
            .api()
            .patch(
                (actor, id, ifMatch, body) -> calendar.patchSettings(actor, ifMatch, body), null));
  }
}
