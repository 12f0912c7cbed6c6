package dev.wrench.team;

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
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Teams of an organization: all the SQL that touches them. */
public final class TeamRepository implements ResourceRepository {

  private static final String COLUMNS =
      "s.id, s.name, s.site_id, s.created_at, s.updated_at, s.version";

  private static final String INSERT =
      "INSERT INTO teams AS s (org_id, name, site_id) VALUES ($1, $2, $3) RETURNING " + COLUMNS;

  private static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "name", new Keyset.SortKey("s.name", Keyset.Type.TEXT),
              "created_at", new Keyset.SortKey("s.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("s.updated_at", Keyset.Type.TIMESTAMP)),
          "s.id",
          Keyset.Type.UUID);

  private static final Function<Object, Object> AS_IS = value -> value;

  private final RowSecurity db;
  private final VersionedTable table;

  public TeamRepository(RowSecurity db) {
    this.db = db;
    this.table =
        new VersionedTable(
            db,
            "teams",
            "s",
            COLUMNS,
            "team",
            TeamRepository::toJson,
            Map.of("name", AS_IS, "site_id", value -> Params.uuid((String) value, "/site_id")),
            false);
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("site_id", Rows.uuid(row, "site_id"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }

  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    return client
        .preparedQuery(INSERT)
        .execute(
            Tuple.of(
                actor.orgId(),
                body.getString("name"),
                Params.uuid(body.getString("site_id"), "/site_id")))
        .map(rows -> toJson(rows.iterator().next()));
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return table.get(actor, id);
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query, "name");
    SqlBuilder sql =
        new SqlBuilder().where("s.org_id = %s", actor.orgId()).where("s.deleted_at IS NULL");
    if (query.getString("site_id") != null) {
      sql.where("s.site_id = %s", Params.uuid(query.getString("site_id"), "/query/site_id"));
    }
    page.seek(sql, query.getString("cursor"));
    return page.fetch(db.tenant(actor.orgId()), COLUMNS, "teams s", sql, TeamRepository::toJson);
  }

  public Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    return table.patch(actor, id, ifMatch, body);
  }

  public Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch) {
    return table.softDelete(actor, id, ifMatch);
  }
}
