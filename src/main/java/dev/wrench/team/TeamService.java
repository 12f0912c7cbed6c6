package dev.wrench.team;

import dev.wrench.bus.Bus;
import dev.wrench.bus.ResourceService;

/**
 * The bus contract of teams: the five verbs of a plain resource, served by the database verticles.
 */
@Bus.Address(TeamService.ADDRESS)
public interface TeamService extends ResourceService {
  String ADDRESS = "wrench.db.teams";
}
