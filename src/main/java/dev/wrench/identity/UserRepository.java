package dev.wrench.identity;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Users and their credentials: all the SQL that touches them. The hash never leaves this layer but
 * for log-in.
 */
public final class UserRepository {

  /** The organization that exists from the first migration on. */
  static final UUID DEFAULT_ORG = UUID.fromString("00000000-0000-0000-0000-000000000001");

  private static final String COLUMNS =
      "u.id, u.email, u.name, u.role, u.active, u.site_ids, u.created_at";

  private static final String INSERT =
      "INSERT INTO users AS u (org_id, email, name, role, password_hash, site_ids)"
          + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
          + COLUMNS;

  private static final String COUNT_SITES =
      "SELECT count(*) AS n FROM sites WHERE org_id = $1 AND id = ANY ($2) AND deleted_at IS NULL";

  private static final String SELECT_ONE =
      "SELECT " + COLUMNS + " FROM users u WHERE u.org_id = $1 AND u.id = $2";

  private static final String SELECT_CREDENTIALS =
      "SELECT id, org_id, role, active, password_hash, platform_admin,"
          + " cardinality(site_ids) > 0 AS site_scoped FROM users"
          + " WHERE lower(email) = lower($1)";

  /** Creates the first admin only while the organization has no user (one statement: no race). */
  private static final String BOOTSTRAP_ADMIN =
      "INSERT INTO users (org_id, email, name, role, password_hash, platform_admin)"
          + " SELECT $1, $2, 'Administrator', 'admin', $3, true"
          + " WHERE NOT EXISTS (SELECT 1 FROM users WHERE org_id = $1) RETURNING id";

  /**
   * An operator's change: a null parameter keeps the column. Disabling or a new password also ends
   * the user's refresh token families, so that no session outlives the change.
   */
  private static final String CHANGE_ACCOUNT =
      "WITH changed AS (UPDATE users SET active = coalesce($2, active),"
          + " password_hash = coalesce($3, password_hash),"
          + " platform_admin = coalesce($4, platform_admin), updated_at = now()"
          + " WHERE lower(email) = lower($1)"
          + " RETURNING id, org_id, email, role, active, platform_admin),"
          + " ended AS (UPDATE refresh_tokens r SET revoked_at = now() FROM changed"
          + " WHERE r.org_id = changed.org_id AND r.user_id = changed.id"
          + " AND r.revoked_at IS NULL AND ($2 = false OR $3 IS NOT NULL))"
          + " SELECT * FROM changed";

  private static final Keyset KEYSET = Keyset.byTime("u", "created_at");

  private final RowSecurity db;

  public UserRepository(RowSecurity db) {
    this.db = db;
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("email", row.getString("email"))
        .put("name", row.getString("name"))
        .put("role", row.getString("role"))
        .put("active", row.getBoolean("active"))
        .put(
            "site_ids",
            new io.vertx.core.json.JsonArray(
                java.util.Arrays.stream(row.getArrayOfUUIDs("site_ids"))
                    .map(UUID::toString)
                    .toList()))
        .put("created_at", Rows.time(row, "created_at"));
  }

  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    Tuple params =
        Tuple.of(
            actor.orgId(),
            body.getString("email"),
            body.getString("name"),
            body.getString("role"),
            body.getString("password_hash"));
    java.util.List<String> siteIds =
        body.getJsonArray("site_ids", new io.vertx.core.json.JsonArray()).stream()
            .map(String::valueOf)
            .distinct()
            .toList();
    UUID[] sites = Params.uuids(siteIds, "/site_ids");
    params.addValue(sites);
    return client
        .preparedQuery(COUNT_SITES)
        .execute(Tuple.tuple().addValue(actor.orgId()).addValue(sites))
        .compose(
            found -> {
              if (found.iterator().next().getLong("n") != sites.length) {
                throw BusError.unprocessable("/site_ids", "names a site that does not exist");
              }
              return client.preparedQuery(INSERT).execute(params);
            })
        .map(rows -> toJson(rows.iterator().next()));
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(SELECT_ONE)
        .execute(Tuple.of(actor.orgId(), id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("user");
              }
              return toJson(rows.iterator().next());
            });
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    SqlBuilder sql = new SqlBuilder().where("u.org_id = %s", actor.orgId());
    List<String> roles = Params.anyOf(query, "role");
    if (!roles.isEmpty()) {
      sql.whereAnyOf("u.role", roles.toArray(String[]::new));
    }
    page.seek(sql, query.getString("cursor"));
    return page.fetch(db.tenant(actor.orgId()), COLUMNS, "users u", sql, UserRepository::toJson);
  }

  public Future<JsonObject> findCredentials(String email) {
    return db.system()
        .preparedQuery(SELECT_CREDENTIALS)
        .execute(Tuple.of(email))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("user");
              }
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("id", row.getUUID("id").toString())
                  .put("org_id", row.getUUID("org_id").toString())
                  .put("role", row.getString("role"))
                  .put("active", row.getBoolean("active"))
                  .put("password_hash", row.getString("password_hash"))
                  .put("platform_admin", row.getBoolean("platform_admin"))
                  .put("site_scoped", row.getBoolean("site_scoped"));
            });
  }

  public Future<JsonObject> bootstrapNeeded() {
    return db.system()
        .preparedQuery("SELECT NOT EXISTS (SELECT 1 FROM users WHERE org_id = $1) AS needed")
        .execute(Tuple.of(DEFAULT_ORG))
        .map(rows -> new JsonObject().put("needed", rows.iterator().next().getBoolean("needed")));
  }

  /** See {@link UserService#changeAccount}. */
  public Future<JsonObject> changeAccount(JsonObject change) {
    Tuple params =
        Tuple.of(
            change.getString("email"),
            change.getBoolean("active"),
            change.getString("password_hash"),
            change.getBoolean("platform_admin"));
    return db.system()
        .preparedQuery(CHANGE_ACCOUNT)
        .execute(params)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("user");
              }
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("id", row.getUUID("id").toString())
                  .put("org_id", row.getUUID("org_id").toString())
                  .put("email", row.getString("email"))
                  .put("role", row.getString("role"))
                  .put("active", row.getBoolean("active"))
                  .put("platform_admin", row.getBoolean("platform_admin"));
            });
  }

  public Future<JsonObject> bootstrapAdmin(String email, String passwordHash) {
    return db.system()
        .preparedQuery(BOOTSTRAP_ADMIN)
        .execute(Tuple.of(DEFAULT_ORG, email, passwordHash))
        .map(rows -> new JsonObject().put("created", rows.size() > 0));
  }
}
