package dev.wrench.technician;

import dev.wrench.bus.Bus;
import dev.wrench.bus.ResourceService;

/**
 * The bus contract of technicians: the five verbs of a plain resource, served by the database
 * verticles.
 */
@Bus.Address(TechnicianService.ADDRESS)
public interface TechnicianService extends ResourceService {
  String ADDRESS = "wrench.db.technicians";
}
