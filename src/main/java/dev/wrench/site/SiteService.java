package dev.wrench.site;

import dev.wrench.bus.Bus;
import dev.wrench.bus.ResourceService;

/**
 * The bus contract of sites: the five verbs of a plain resource, served by the database verticles.
 */
@Bus.Address(SiteService.ADDRESS)
public interface SiteService extends ResourceService {
  String ADDRESS = "wrench.db.sites";
}
