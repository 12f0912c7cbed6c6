package dev.wrench.checklist;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.ResourceRepository;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import dev.wrench.store.VersionedTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checklist templates: all their SQL. The items are checked by {@link ChecklistRules} before any
 * statement; the meters they name are checked here, in the statement's transaction, against the
 * meters the caller can see (a meter's site is its asset's).
 */
final class ChecklistTemplateRepository implements ResourceRepository {

  private static final String COLUMNS =
      "t.id, t.name, t.items, t.created_at, t.updated_at, t.version";

  private static final String INSERT =
      "INSERT INTO checklist_templates AS t (org_id, name, items, created_by)"
          + " VALUES ($1, $2, $3::jsonb, $4) RETURNING "
          + COLUMNS;

  /** The meters of {@code $2} that the caller may use: live, of the organization, visible. */
  private static final String VISIBLE_METERS =
      "SELECT m.id FROM meters m WHERE m.org_id = $1 AND m.id = ANY($2::uuid[])"
          + " AND m.deleted_at IS NULL AND ($3::uuid IS NULL OR site_visible($3,"
          + " (SELECT a.site_id FROM assets a WHERE a.org_id = m.org_id AND a.id = m.asset_id)))";

  /** A merge-patch as one statement: each field changes only when its flag says it was sent. */
  private static final String UPDATE =
      "UPDATE checklist_templates t SET name = CASE WHEN $3 THEN $4 ELSE t.name END,"
          + " items = CASE WHEN $5 THEN $6::jsonb ELSE t.items END,"
          + " version = t.version + 1, updated_at = now()"
          + " WHERE t.org_id = $1 AND t.id = $2 AND t.deleted_at IS NULL"
          + " AND ($7::int IS NULL OR t.version = $7)"
          + " RETURNING "
          + COLUMNS;

  private static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "name", new Keyset.SortKey("t.name", Keyset.Type.TEXT),
              "created_at", new Keyset.SortKey("t.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("t.updated_at", Keyset.Type.TIMESTAMP)),
          "t.id",
          Keyset.Type.UUID);

  private final RowSecurity db;
  private final VersionedTable table;

  ChecklistTemplateRepository(RowSecurity db) {
    this.db = db;
    this.table =
        new VersionedTable(
            db,
            "checklist_templates",
            "t",
            COLUMNS,
            "checklist template",
            ChecklistTemplateRepository::toJson,
            Map.of(),
            false);
  }

  static JsonObject toJson(Row row) {
    Object items = row.getValue("items");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("items", items instanceof JsonArray array ? array : new JsonArray(items.toString()))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }

  @Override
  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    JsonArray items = ChecklistRules.items(body.getJsonArray("items", new JsonArray()));
    return checkMeters(client, actor, items)
        .compose(
            ok ->
                client
                    .preparedQuery(INSERT)
                    .execute(
                        Tuple.of(actor.orgId(), body.getString("name"), items, actor.userId())))
        .map(rows -> toJson(rows.iterator().next()));
  }

  /** 422 at the item's pointer for a meter the caller cannot see (or that does not exist). */
  private static Future<Void> checkMeters(SqlClient client, Actor actor, JsonArray items) {
    List<String[]> named = ChecklistRules.meters(items);
    if (named.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] ids = named.stream().map(m -> UUID.fromString(m[0])).distinct().toArray(UUID[]::new);
    return client
        .preparedQuery(VISIBLE_METERS)
        .execute(Tuple.of(actor.orgId(), ids, actor.siteScoped() ? actor.userId() : null))
        .map(
            rows -> {
              Set<UUID> visible = new HashSet<>();
              rows.forEach(row -> visible.add(row.getUUID("id")));
              JsonArray errors = new JsonArray();
              for (String[] meter : named) {
                if (!visible.contains(UUID.fromString(meter[0]))) {
                  errors.add(
                      new JsonObject()
                          .put("pointer", meter[1])
                          .put("message", "refers to no meter of this organization you can see"));
                }
              }
              if (!errors.isEmpty()) {
                throw new BusError(422, "unprocessable", "the checklist items are invalid", errors);
              }
              return null;
            });
  }

  @Override
  public Future<JsonObject> get(Actor actor, UUID id) {
    return table.get(actor, id);
  }

  @Override
  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query, "name");
    SqlBuilder sql =
        new SqlBuilder().where("t.org_id = %s", actor.orgId()).where("t.deleted_at IS NULL");
    page.seek(sql, query.getString("cursor"));
    return page.fetch(
        db.tenant(actor.orgId()),
        COLUMNS,
        "checklist_templates t",
        sql,
        ChecklistTemplateRepository::toJson);
  }

  /**
   * Changes the template, not the copies ({@code ifMatch} null: whatever its version, as {@code
   * If-Match: *} asks): work orders made from it keep the items they were made with (their answers
   * were given to those).
   */
  @Override
  public Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    boolean newItems = body.containsKey("items");
    JsonArray items = newItems ? ChecklistRules.items(body.getJsonArray("items")) : null;
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                (newItems ? checkMeters(conn, actor, items) : Future.<Void>succeededFuture())
                    .compose(
                        ok ->
                            conn.preparedQuery(UPDATE)
                                .execute(
                                    Tuple.of(
                                            actor.orgId(),
                                            id,
                                            body.containsKey("name"),
                                            body.getString("name"),
                                            newItems,
                                            items)
                                        .addValue(ifMatch)))
                    .compose(
                        rows ->
                            rows.size() > 0
                                ? Future.succeededFuture(toJson(rows.iterator().next()))
                                : table
                                    .get(actor, id)
                                    .map(
                                        current -> {
                                          throw new BusError(
                                              412,
                                              "precondition-failed",
                                              "version "
                                                  + ifMatch
                                                  + " is stale; the current version is "
                                                  + current.getInteger("version"));
                                        })));
  }

  /** Work orders made from the template keep their copies; schedules that name it keep it. */
  @Override
  public Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch) {
    return table.softDelete(actor, id, ifMatch);
  }
}
