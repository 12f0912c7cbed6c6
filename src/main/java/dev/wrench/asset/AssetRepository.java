package dev.wrench.asset;

import dev.wrench.core.Actor;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.ResourceRepository;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import dev.wrench.store.VersionedTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Assets: all the SQL that touches them. */
public final class AssetRepository implements ResourceRepository {

  private static final String COLUMNS =
      "a.id, a.name, a.category, a.serial_number, a.location, a.parent_id, a.site_id, a.location_id, a.status,"
          + " a.created_at, a.updated_at, a.version";

  private static final String INSERT =
      "INSERT INTO assets AS a (org_id, name, category, serial_number, location, parent_id, status,"
          + " site_id, location_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "
          + COLUMNS;

  private static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "name", new Keyset.SortKey("a.name", Keyset.Type.TEXT),
              "created_at", new Keyset.SortKey("a.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("a.updated_at", Keyset.Type.TIMESTAMP)),
          "a.id",
          Keyset.Type.UUID);

  private static final Function<Object, Object> TEXT = value -> value;

  private final RowSecurity db;
  private final VersionedTable table;

  public AssetRepository(RowSecurity db) {
    this.db = db;
    this.table =
        new VersionedTable(
            db,
            "assets",
            "a",
            COLUMNS,
            "asset",
            AssetRepository::toJson,
            Map.of(
                "name", TEXT,
                "category", TEXT,
                "serial_number", TEXT,
                "location", TEXT,
                "status", TEXT,
                "parent_id", value -> Params.uuid((String) value, "/parent_id"),
                "site_id", value -> Params.uuid((String) value, "/site_id"),
                "location_id", value -> Params.uuid((String) value, "/location_id")),
            true);
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("category", row.getString("category"))
        .put("serial_number", row.getString("serial_number"))
        .put("location", row.getString("location"))
        .put("parent_id", Rows.uuid(row, "parent_id"))
        .put("site_id", Rows.uuid(row, "site_id"))
        .put("location_id", Rows.uuid(row, "location_id"))
        .put("status", row.getString("status"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }

  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    Tuple params =
        Tuple.of(
                actor.orgId(),
                body.getString("name"),
                body.getString("category"),
                body.getString("serial_number"),
                body.getString("location"),
                Params.uuid(body.getString("parent_id"), "/parent_id"))
            .addValue(body.getString("status", "operational"))
            .addValue(Params.uuid(body.getString("site_id"), "/site_id"))
            .addValue(Params.uuid(body.getString("location_id"), "/location_id"));
    return client.preparedQuery(INSERT).execute(params).map(rows -> toJson(rows.iterator().next()));
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return table.get(actor, id);
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query, "name");
    SqlBuilder sql =
        new SqlBuilder().where("a.org_id = %s", actor.orgId()).where("a.deleted_at IS NULL");
    if (actor.siteScoped()) {
      sql.where("site_visible(%s, a.site_id)", actor.userId());
    }
    List<String> statuses = Params.anyOf(query, "status");
    if (!statuses.isEmpty()) {
      sql.whereAnyOf("a.status", statuses.toArray(String[]::new));
    }
    if (query.getString("category") != null) {
      sql.where("a.category = %s", query.getString("category"));
    }
    if (query.getString("site_id") != null) {
      sql.where("a.site_id = %s", Params.uuid(query.getString("site_id"), "/query/site_id"));
    }
    if (query.getString("location_id") != null) {
      sql.where(
          "a.location_id = %s", Params.uuid(query.getString("location_id"), "/query/location_id"));
    }
    if (query.getString("parent_id") != null) {
      sql.where("a.parent_id = %s", Params.uuid(query.getString("parent_id"), "/query/parent_id"));
    }
    page.seek(sql, query.getString("cursor"));
    return page.fetch(db.tenant(actor.orgId()), COLUMNS, "assets a", sql, AssetRepository::toJson);
  }

  public Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    return table.patch(actor, id, ifMatch, body);
  }

  public Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch) {
    return table.softDelete(actor, id, ifMatch);
  }
}
