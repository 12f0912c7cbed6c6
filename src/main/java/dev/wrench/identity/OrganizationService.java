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

  /**
   * → {@code {other_organizations, default_organization_rows}}: how many organizations besides the
   * default one exist, and how many work orders, assets, sites and technicians the default one has
   * (its users are not counted: the first admin is made at first start). The demo command refuses a
   * database that holds someone's data.
   */
  Future<JsonObject> census();
}
