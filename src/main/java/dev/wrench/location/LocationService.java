package dev.wrench.location;

import dev.wrench.bus.Bus;
import dev.wrench.bus.ResourceService;

/**
 * The bus contract of locations: the five verbs of a plain resource, served by the database
 * verticles.
 */
@Bus.Address(LocationService.ADDRESS)
public interface LocationService extends ResourceService {
  String ADDRESS = "wrench.db.locations";
}
