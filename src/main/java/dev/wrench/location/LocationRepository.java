package dev.wrench.location;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
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
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Locations: all the SQL that touches them. The tree is a materialised path ({@code path_ids}, the
 * ids from the root down to the row, V63): a subtree is one GIN-indexed containment query, a move
 * rewrites the moved subtree's paths in one statement. The tree's writes that depend on paths (a
 * create under a parent, a move, a delete) take the organization's tree lock first, so that a cycle
 * check never reads a path that a concurrent move is changing.
 */
final class LocationRepository implements ResourceRepository {

  /**
   * The names of the ancestors (other rows, so that a RETURNING sees them as they are) and the
   * row's own name.
   */
  private static final String PATH =
      "ARRAY(SELECT n.name FROM unnest(l.path_ids[1:cardinality(l.path_ids) - 1])"
          + " WITH ORDINALITY AS p(id, i) JOIN locations n ON n.org_id = l.org_id AND n.id = p.id"
          + " ORDER BY p.i) || l.name AS path";

  private static final String COLUMNS =
      "l.id, l.name, l.parent_id, l.site_id, l.created_at, l.updated_at, l.version, " + PATH;

  /** One lock per organization's tree, held to the end of the transaction. */
  private static final String LOCK_TREE =
      "SELECT 1 FROM pg_advisory_xact_lock(hashtextextended('wrench.locations:' || $1::uuid::text, 0))";

  private static final String SELECT_PARENT =
      "SELECT path_ids, site_id FROM locations WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL";

  /** For a caller limited to sites, a parent in another site is as unknown as a missing one. */
  private static final String SELECT_PARENT_IN_SITES =
      SELECT_PARENT + " AND site_visible($3, site_id)";

  private static final String SITE_VISIBLE = "SELECT site_visible($1, $2) AS visible";

  private static final String INSERT =
      "WITH n AS (SELECT uuid_v7() AS id)"
          + " INSERT INTO locations AS l (id, org_id, name, parent_id, site_id, path_ids)"
          + " SELECT n.id, $1, $2, $3, $4, $5::uuid[] || n.id FROM n RETURNING "
          + COLUMNS;

  private static final String SELECT_FOR_UPDATE =
      "SELECT l.version, l.path_ids, l.parent_id FROM locations l"
          + " WHERE l.org_id = $1 AND l.id = $2 AND l.deleted_at IS NULL FOR UPDATE OF l";

  private static final String SELECT_FOR_UPDATE_IN_SITES =
      SELECT_FOR_UPDATE.replace(" FOR UPDATE", " AND site_visible($3, l.site_id) FOR UPDATE");

  /**
   * A merge-patch as one constant statement: each field changes only when its flag says the patch
   * names it (a null is then a value: no parent, no site).
   */
  private static final String UPDATE =
      "UPDATE locations l SET name = CASE WHEN $3 THEN $4 ELSE l.name END,"
          + " parent_id = CASE WHEN $5 THEN $6::uuid ELSE l.parent_id END,"
          + " site_id = CASE WHEN $7 THEN $8::uuid ELSE l.site_id END,"
          + " version = l.version + 1, updated_at = now()"
          + " WHERE l.org_id = $1 AND l.id = $2 RETURNING "
          + COLUMNS;

  /** The moved location's subtree (deleted rows too) under its new prefix: $3, above $4. */
  private static final String MOVE_SUBTREE =
      "UPDATE locations SET path_ids = $3::uuid[] || path_ids[$4:]"
          + " WHERE org_id = $1 AND path_ids @> ARRAY[$2::uuid]";

  private static final String HAS_CHILDREN =
      "SELECT 1 FROM locations WHERE org_id = $1 AND parent_id = $2 AND deleted_at IS NULL LIMIT 1";

  private static final String HAS_ASSETS =
      "SELECT 1 FROM assets WHERE org_id = $1 AND location_id = $2 AND deleted_at IS NULL LIMIT 1";

  private static final String SOFT_DELETE =
      "UPDATE locations SET deleted_at = now(), updated_at = now(), version = version + 1"
          + " WHERE org_id = $1 AND id = $2";

  private static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "name", new Keyset.SortKey("l.name", Keyset.Type.TEXT),
              "created_at", new Keyset.SortKey("l.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("l.updated_at", Keyset.Type.TIMESTAMP)),
          "l.id",
          Keyset.Type.UUID);

  private final RowSecurity db;
  private final VersionedTable table;

  LocationRepository(RowSecurity db) {
    this.db = db;
    // Only the reads go through the shared table helper: every write of the tree is below.
    this.table =
        new VersionedTable(
            db, "locations", "l", COLUMNS, "location", LocationRepository::toJson, Map.of(), true);
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("parent_id", Rows.uuid(row, "parent_id"))
        .put("site_id", Rows.uuid(row, "site_id"))
        .put("path", new JsonArray(Arrays.asList(row.getArrayOfStrings("path"))))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }

  @Override
  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    UUID parent = Params.uuid(body.getString("parent_id"), "/parent_id");
    UUID site = Params.uuid(body.getString("site_id"), "/site_id");
    if (parent == null) {
      return inCallersSites(client, actor, site)
          .compose(ok -> insert(client, actor, body, null, site, new UUID[0]));
    }
    return client
        .preparedQuery(LOCK_TREE)
        .execute(Tuple.of(actor.orgId()))
        .compose(locked -> parent(client, actor, parent))
        .compose(
            row -> {
              // A child without a site of its own is in its parent's.
              UUID inSite = body.containsKey("site_id") ? site : row.getUUID("site_id");
              return inCallersSites(client, actor, inSite)
                  .compose(
                      ok ->
                          insert(
                              client,
                              actor,
                              body,
                              parent,
                              inSite,
                              row.getArrayOfUUIDs("path_ids")));
            });
  }

  /**
   * A caller limited to sites places locations only in those sites (V51's site_visible: not in
   * another site, and not in none, which they could not see afterwards); a 422 otherwise.
   */
  private static Future<Void> inCallersSites(SqlClient client, Actor actor, UUID site) {
    if (!actor.siteScoped()) {
      return Future.succeededFuture();
    }
    return client
        .preparedQuery(SITE_VISIBLE)
        .execute(Tuple.of(actor.userId(), site))
        .map(
            rows -> {
              if (!Boolean.TRUE.equals(rows.iterator().next().getBoolean("visible"))) {
                throw BusError.unprocessable(
                    "/site_id", "must be one of the sites you are limited to");
              }
              return null;
            });
  }

  private static Future<JsonObject> insert(
      SqlClient client, Actor actor, JsonObject body, UUID parent, UUID site, UUID[] prefix) {
    return client
        .preparedQuery(INSERT)
        .execute(Tuple.of(actor.orgId(), body.getString("name"), parent, site, prefix))
        .map(rows -> toJson(rows.iterator().next()));
  }

  /** The live parent's row, or a 422: another organization's row is nothing here. */
  private static Future<Row> parent(SqlClient client, Actor actor, UUID parent) {
    Tuple params = Tuple.of(actor.orgId(), parent);
    if (actor.siteScoped()) {
      params.addValue(actor.userId());
    }
    return client
        .preparedQuery(actor.siteScoped() ? SELECT_PARENT_IN_SITES : SELECT_PARENT)
        .execute(params)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.unprocessable(
                    "/parent_id", "refers to nothing that exists in this organization");
              }
              return rows.iterator().next();
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
        new SqlBuilder().where("l.org_id = %s", actor.orgId()).where("l.deleted_at IS NULL");
    if (actor.siteScoped()) {
      sql.where("site_visible(%s, l.site_id)", actor.userId());
    }
    if (query.getString("parent_id") != null) {
      sql.where("l.parent_id = %s", Params.uuid(query.getString("parent_id"), "/query/parent_id"));
    }
    if (query.getString("ancestor_id") != null) {
      UUID ancestor = Params.uuid(query.getString("ancestor_id"), "/query/ancestor_id");
      // The subtree below the ancestor, by the GIN index on path_ids; not the ancestor itself.
      sql.where("l.path_ids @> %s::uuid[]", new UUID[] {ancestor}).where("l.id <> %s", ancestor);
    }
    if (query.getString("site_id") != null) {
      sql.where("l.site_id = %s", Params.uuid(query.getString("site_id"), "/query/site_id"));
    }
    page.seek(sql, query.getString("cursor"));
    return page.fetch(
        db.tenant(actor.orgId()), COLUMNS, "locations l", sql, LocationRepository::toJson);
  }

  @Override
  public Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    boolean moves = body.containsKey("parent_id");
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                (moves
                        ? conn.preparedQuery(LOCK_TREE).execute(Tuple.of(actor.orgId())).mapEmpty()
                        : Future.<Void>succeededFuture())
                    .compose(locked -> lockRow(conn, actor, id, ifMatch))
                    .compose(
                        current -> {
                          UUID parent = Params.uuid(body.getString("parent_id"), "/parent_id");
                          if (!moves
                              || java.util.Objects.equals(parent, current.getUUID("parent_id"))) {
                            return Future.succeededFuture();
                          }
                          int depth = current.getArrayOfUUIDs("path_ids").length;
                          Future<UUID[]> prefix =
                              parent == null
                                  ? Future.succeededFuture(new UUID[0])
                                  : parent(conn, actor, parent)
                                      .map(
                                          row ->
                                              LocationRules.newPrefix(
                                                  row.getArrayOfUUIDs("path_ids"), id));
                          return prefix.compose(
                              p ->
                                  conn.preparedQuery(MOVE_SUBTREE)
                                      .execute(Tuple.of(actor.orgId(), id, p, depth))
                                      .mapEmpty());
                        })
                    .compose(
                        moved ->
                            body.containsKey("site_id")
                                ? inCallersSites(
                                    conn, actor, Params.uuid(body.getString("site_id"), "/site_id"))
                                : Future.<Void>succeededFuture())
                    .compose(checked -> update(conn, actor, id, body)));
  }

  /** The row, locked; 404 when the caller cannot see it, 412 when {@code ifMatch} is stale. */
  private static Future<Row> lockRow(SqlClient conn, Actor actor, UUID id, Integer ifMatch) {
    Tuple params = Tuple.of(actor.orgId(), id);
    if (actor.siteScoped()) {
      params.addValue(actor.userId());
    }
    return conn.preparedQuery(actor.siteScoped() ? SELECT_FOR_UPDATE_IN_SITES : SELECT_FOR_UPDATE)
        .execute(params)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("location");
              }
              Row row = rows.iterator().next();
              int version = row.getInteger("version");
              if (ifMatch != null && ifMatch != version) {
                throw new BusError(
                    412,
                    "precondition-failed",
                    "version " + ifMatch + " is stale; the current version is " + version);
              }
              return row;
            });
  }

  private static Future<JsonObject> update(SqlClient conn, Actor actor, UUID id, JsonObject body) {
    Tuple params =
        Tuple.of(
                actor.orgId(),
                id,
                body.containsKey("name"),
                body.getString("name"),
                body.containsKey("parent_id"),
                Params.uuid(body.getString("parent_id"), "/parent_id"))
            .addValue(body.containsKey("site_id"))
            .addValue(Params.uuid(body.getString("site_id"), "/site_id"));
    return conn.preparedQuery(UPDATE).execute(params).map(rows -> toJson(rows.iterator().next()));
  }

  /**
   * Refuses (409) a location that still has live children or assets. The tree lock keeps children
   * from being added meanwhile; the row lock does the same for assets (their trigger locks the
   * location FOR SHARE, V63), so an asset added concurrently is either counted here or refused.
   */
  @Override
  public Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch) {
    Tuple key = Tuple.of(actor.orgId(), id);
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                conn.preparedQuery(LOCK_TREE)
                    .execute(Tuple.of(actor.orgId()))
                    .compose(locked -> lockRow(conn, actor, id, ifMatch))
                    .compose(row -> conn.preparedQuery(HAS_CHILDREN).execute(key))
                    .compose(
                        children -> {
                          if (children.size() > 0) {
                            throw new BusError(
                                409,
                                "conflict",
                                "the location has child locations; move or delete them first");
                          }
                          return conn.preparedQuery(HAS_ASSETS).execute(key);
                        })
                    .compose(
                        assets -> {
                          if (assets.size() > 0) {
                            throw new BusError(
                                409,
                                "conflict",
                                "assets are at this location; move or delete them first");
                          }
                          return conn.preparedQuery(SOFT_DELETE).execute(key);
                        })
                    .map(deleted -> new JsonObject()));
  }
}
