package dev.wrench.identity;

import dev.wrench.core.BusError;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Organizations (tenants): made by a platform admin together with their first admin. */
public final class OrganizationRepository {

  /** The organization and its first admin in one statement: both or neither. */
  private static final String CREATE =
      "WITH org AS (INSERT INTO organizations (name) VALUES ($1) RETURNING id, name, created_at),"
          + " admin AS (INSERT INTO users (org_id, email, name, role, password_hash)"
          + " SELECT id, $2, $3, 'admin', $4 FROM org"
          + " RETURNING id, email, name, role, active, site_ids, created_at)"
          + " SELECT org.id AS org_id, org.name AS org_name, org.created_at AS org_created_at,"
          + " admin.id, admin.email, admin.name, admin.role, admin.active, admin.site_ids,"
          + " admin.created_at"
          + " FROM org, admin";

  private static final String SELECT_ONE =
      "SELECT id AS org_id, name AS org_name, created_at AS org_created_at"
          + " FROM organizations WHERE id = $1";

  private static final String CENSUS =
      "SELECT (SELECT count(*) FROM organizations WHERE id <> $1) AS other_organizations,"
          + " (SELECT count(*) FROM work_orders WHERE org_id = $1)"
          + " + (SELECT count(*) FROM assets WHERE org_id = $1)"
          + " + (SELECT count(*) FROM sites WHERE org_id = $1)"
          + " + (SELECT count(*) FROM technicians WHERE org_id = $1) AS default_organization_rows";

  private final RowSecurity db;

  public OrganizationRepository(RowSecurity db) {
    this.db = db;
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("org_id").toString())
        .put("name", row.getString("org_name"))
        .put("created_at", Rows.time(row, "org_created_at"));
  }

  /** {@code {name, admin: {email, name?, password_hash}}} → the organization with its admin. */
  public Future<JsonObject> create(JsonObject body) {
    JsonObject admin = body.getJsonObject("admin");
    return db.system()
        .preparedQuery(CREATE)
        .execute(
            Tuple.of(
                body.getString("name"),
                admin.getString("email"),
                admin.getString("name"),
                admin.getString("password_hash")))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return toJson(row).put("admin", UserRepository.toJson(row));
            });
  }

  /** See {@link OrganizationService#census}. */
  public Future<JsonObject> census() {
    return db.system()
        .preparedQuery(CENSUS)
        .execute(Tuple.of(UserRepository.DEFAULT_ORG))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("other_organizations", row.getLong("other_organizations"))
                  .put("default_organization_rows", row.getLong("default_organization_rows"));
            });
  }

  public Future<JsonObject> get(UUID id) {
    return db.system()
        .preparedQuery(SELECT_ONE)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("organization");
              }
              return toJson(rows.iterator().next());
            });
  }
}
