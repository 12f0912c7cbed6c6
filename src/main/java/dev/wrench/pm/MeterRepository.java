package dev.wrench.pm;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.ResourceRepository;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;

/**
 * Meters: all the SQL of the resource itself (the readings are {@link MeterReadingRepository}'s). A
 * meter has no site of its own: it is its asset's, so a caller limited to some sites sees and
 * changes the meters of those sites' assets only (the asset's site is looked up in each statement,
 * so that moving the asset moves its meters).
 */
public final class MeterRepository implements ResourceRepository {

  static final String COLUMNS =
      "m.id, m.asset_id, m.name, m.unit, m.kind, m.last_taken_at, m.last_value::text AS last_value,"
          + " m.created_at, m.updated_at, m.version";

  /**
   * The site of meter {@code m}: its asset's. A meter has no site of its own, so that moving the
   * asset moves its meters.
   */
  static final String ASSET_SITE =
      "(SELECT a.site_id FROM assets a WHERE a.org_id = m.org_id AND a.id = m.asset_id)";

  // The asset must be one of the organization's, not deleted, and visible to the caller.
  private static final String INSERT =
      "INSERT INTO meters AS m (org_id, asset_id, name, unit, kind)"
          + " SELECT $1, a.id, $3, $4, $5 FROM assets a"
          + " WHERE a.org_id = $1 AND a.id = $2 AND a.deleted_at IS NULL"
          + " AND ($6::uuid IS NULL OR site_visible($6, a.site_id))"
          + " RETURNING "
          + COLUMNS;

  private static final String GET =
      "SELECT "
          + COLUMNS
          + " FROM meters m WHERE m.org_id = $1 AND m.id = $2 AND m.deleted_at IS NULL"
          // The site condition holds for a caller limited to no site (a null user).
          + " AND ($3::uuid IS NULL OR site_visible($3, "
          + ASSET_SITE
          + "))";

  private static final String PATCH =
      "UPDATE meters m SET name = coalesce($4, m.name), unit = coalesce($5, m.unit),"
          + " version = m.version + 1, updated_at = now()"
          + " WHERE m.org_id = $1 AND m.id = $2 AND m.deleted_at IS NULL AND m.version = $3"
          + " AND ($6::uuid IS NULL OR site_visible($6, "
          + ASSET_SITE
          + "))"
          + " RETURNING "
          + COLUMNS;

  private static final String DELETE =
      "UPDATE meters m SET deleted_at = now(), updated_at = now(), version = m.version + 1"
          + " WHERE m.org_id = $1 AND m.id = $2 AND m.deleted_at IS NULL"
          + " AND ($3::int IS NULL OR m.version = $3)"
          + " AND ($4::uuid IS NULL OR site_visible($4, "
          + ASSET_SITE
          + "))"
          + " RETURNING m.id";

  private static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "name", new Keyset.SortKey("m.name", Keyset.Type.TEXT),
              "created_at", new Keyset.SortKey("m.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("m.updated_at", Keyset.Type.TIMESTAMP)),
          "m.id",
          Keyset.Type.UUID);

  private final RowSecurity db;

  public MeterRepository(RowSecurity db) {
    this.db = db;
  }

  /** The caller's user id when the caller is limited to some sites, else null (no condition). */
  static UUID siteUser(Actor actor) {
    return actor.siteScoped() ? actor.userId() : null;
  }

  static JsonObject toJson(Row row) {
    String lastValue = row.getString("last_value");
    JsonObject last =
        lastValue == null
            ? null
            : new JsonObject()
                .put("value", lastValue)
                .put("taken_at", Rows.time(row, "last_taken_at"));
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("asset_id", row.getUUID("asset_id").toString())
        .put("name", row.getString("name"))
        .put("unit", row.getString("unit"))
        .put("kind", row.getString("kind"))
        .put("last_reading", last)
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }

  @Override
  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    Tuple params =
        Tuple.of(
            actor.orgId(),
            Params.uuid(body.getString("asset_id"), "/asset_id"),
            body.getString("name"),
            body.getString("unit"),
            body.getString("kind"),
            siteUser(actor));
    return client
        .preparedQuery(INSERT)
        .execute(params)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.unprocessable(
                    "/asset_id", "refers to nothing that exists in this organization");
              }
              return toJson(rows.iterator().next());
            });
  }

  @Override
  public Future<JsonObject> get(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(GET)
        .execute(Tuple.of(actor.orgId(), id, siteUser(actor)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("meter");
              }
              return toJson(rows.iterator().next());
            });
  }

  @Override
  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query, "name");
    SqlBuilder sql =
        new SqlBuilder().where("m.org_id = %s", actor.orgId()).where("m.deleted_at IS NULL");
    if (actor.siteScoped()) {
      sql.where("site_visible(%s, " + ASSET_SITE + ")", actor.userId());
    }
    if (query.getString("asset_id") != null) {
      sql.where("m.asset_id = %s", Params.uuid(query.getString("asset_id"), "/query/asset_id"));
    }
    if (query.getString("kind") != null) {
      sql.where("m.kind = %s", query.getString("kind"));
    }
    page.seek(sql, query.getString("cursor"));
    return page.fetch(db.tenant(actor.orgId()), COLUMNS, "meters m", sql, MeterRepository::toJson);
  }

  @Override
  public Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!field.equals("name") && !field.equals("unit")) {
        throw BusError.badRequest("/" + field, "cannot be changed");
      }
    }
    Tuple params =
        Tuple.of(
            actor.orgId(),
            id,
            ifMatch,
            body.getString("name"),
            body.getString("unit"),
            siteUser(actor));
    return db.tenant(actor.orgId())
        .preparedQuery(PATCH)
        .execute(params)
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture(toJson(rows.iterator().next()))
                    : notFoundOrStale(actor, id, ifMatch));
  }

  @Override
  public Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch) {
    return db.tenant(actor.orgId())
        .preparedQuery(DELETE)
        .execute(Tuple.of(actor.orgId(), id, ifMatch, siteUser(actor)))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture(new JsonObject())
                    : notFoundOrStale(actor, id, ifMatch));
  }

  /** After a write that changed nothing: 404 when the caller cannot see the meter, else 412. */
  private Future<JsonObject> notFoundOrStale(Actor actor, UUID id, Integer ifMatch) {
    return get(actor, id)
        .map(
            current -> {
              throw new BusError(
                  412,
                  "precondition-failed",
                  "version "
                      + ifMatch
                      + " is stale; the current version is "
                      + current.getInteger("version"));
            });
  }
}
