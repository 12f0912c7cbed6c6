package dev.wrench.team;

import dev.wrench.feature.Feature;
import dev.wrench.http.ApiHandlers.Location;
import dev.wrench.http.RouteContext;
import dev.wrench.store.ResourceStore;
import dev.wrench.store.StoreContext;

/** Teams: their routes and their service on the bus. */
public final class TeamFeature implements Feature {

  @Override
  public void store(StoreContext store) {
    store.serve(
        TeamService.class,
        new ResourceStore(
            new TeamRepository(store.db()), store.idempotency(), TeamService.ADDRESS + ".create"));
  }

  @Override
  public void routes(RouteContext routes) {
    TeamService teams = routes.service(TeamService.class);
    routes.handle("listTeams", routes.api().list(teams::list));
    routes.handle("createTeam", routes.api().create(teams::create, Location.child()));
    routes.handle("getTeam", routes.api().get(teams::get));
    routes.handle("updateTeam", routes.api().patch(teams::patch, null));
    routes.handle("deleteTeam", routes.api().delete(teams::delete, null));
  }
}
