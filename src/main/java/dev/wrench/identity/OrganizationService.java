package dev.wrench.identity;

import dev.wrench.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Organizations (tenants): platform operations, across tenants. */
@Bus.Address(OrganizationService.ADDRESS)
public interface OrganizationService {

  String ADDRESS = "wrench.db.organizations";

  Future<JsonObject> create(JsonObject body);

  Future<JsonObject> get(String id);
}
