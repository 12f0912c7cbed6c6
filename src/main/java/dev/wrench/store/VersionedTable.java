package dev.wrench.store;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The optimistic-concurrency writes shared by tenant tables with {@code version} and {@code
 * deleted_at}: get, merge-patch and soft delete, each in one statement ({@code UPDATE … WHERE
 * version = $n RETURNING}), with a second look only to tell 404 from 412.
 */
public final class VersionedTable {

  private final RowSecurity db;
  private final String table;
  private final String alias;
  private final String columns;
  private final String what;
  private final Function<Row, JsonObject> mapper;
  // Rows have a site_id, and users limited to sites see only theirs (site_visible, V51).
  private final boolean siteScoped;

  /** Patchable JSON field → SQL parameter converter (the column has the field's name). */
  private final Map<String, Function<Object, Object>> patchable;

  public VersionedTable(
      RowSecurity db,
      String table,
      String alias,
      String columns,
      String what,
      Function<Row, JsonObject> mapper,
      Map<String, Function<Object, Object>> patchable,
      boolean siteScoped) {
    this.db = db;
    this.table = table;
    this.alias = alias;
    this.columns = columns;
    this.what = what;
    this.mapper = mapper;
    this.patchable = patchable;
    this.siteScoped = siteScoped;
  }

  /** {@code params} and, when rows are site-scoped, the caller's user id as the next one. */
  private Tuple withUser(Tuple params, Actor actor) {
    return scoped(actor) ? params.addValue(actor.userId()) : params;
  }

  /**
   * Whether the site condition applies: the table has sites and the caller is limited to some (the
   * token says so, from the user's row when it was issued; site_visible checks which).
   */
  private boolean scoped(Actor actor) {
    return siteScoped && actor.siteScoped();
  }

  /** The site condition on {@code alias}, with {@code param} the placeholder of the user id. */
  private String siteCondition(Actor actor, String qualifier, String param) {
    return scoped(actor) ? " AND site_visible(" + param + ", " + qualifier + "site_id)" : "";
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    String sql =
        "SELECT "
            + columns
            + " FROM "
            + table
            + " "
            + alias
            + " WHERE "
            + alias
            + ".org_id = $1 AND "
            + alias
            + ".id = $2 AND "
            + alias
            + ".deleted_at IS NULL"
            + siteCondition(actor, alias + ".", "$3");
    return db.tenant(actor.orgId())
        .preparedQuery(sql)
        .execute(withUser(Tuple.of(actor.orgId(), id), actor))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound(what);
              }
              return mapper.apply(rows.iterator().next());
            });
  }

  public Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    SqlBuilder sql = new SqlBuilder();
    List<String> sets = new ArrayList<>();
    for (String field : body.fieldNames()) {
      Function<Object, Object> converter = patchable.get(field);
      if (converter == null) {
        throw BusError.badRequest("/" + field, "cannot be changed");
      }
      sets.add(field + " = " + sql.param(converter.apply(body.getValue(field))));
    }
    String text =
        "UPDATE "
            + table
            + " "
            + alias
            + " SET "
            + String.join(", ", sets)
            + ", version = version + 1, updated_at = now()"
            + " WHERE "
            + alias
            + ".org_id = "
            + sql.param(actor.orgId())
            + " AND "
            + alias
            + ".id = "
            + sql.param(id)
            + " AND "
            + alias
            + ".deleted_at IS NULL"
            + (ifMatch == null ? "" : " AND " + alias + ".version = " + sql.param(ifMatch))
            + (scoped(actor) ? siteCondition(actor, alias + ".", sql.param(actor.userId())) : "")
            + " RETURNING "
            + columns;
    return db.tenant(actor.orgId())
        .preparedQuery(text)
        .execute(sql.params())
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture(mapper.apply(rows.iterator().next()))
                    : notFoundOrStale(actor, id, ifMatch));
  }

  public Future<JsonObject> softDelete(Actor actor, UUID id, Integer ifMatch) {
    String text =
        "UPDATE "
            + table
            + " "
            + alias
            + " SET deleted_at = now(), updated_at = now(), version = version + 1"
            + " WHERE "
            + alias
            + ".org_id = $1 AND "
            + alias
            + ".id = $2 AND "
            + alias
            + ".deleted_at IS NULL"
            + " AND ($3::int IS NULL OR "
            + alias
            + ".version = $3)"
            + siteCondition(actor, alias + ".", "$4")
            + " RETURNING "
            + alias
            + ".id";
    return db.tenant(actor.orgId())
        .preparedQuery(text)
        .execute(withUser(Tuple.of(actor.orgId(), id, ifMatch), actor))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture(new JsonObject())
                    : notFoundOrStale(actor, id, ifMatch));
  }

  private Future<JsonObject> notFoundOrStale(Actor actor, UUID id, Integer ifMatch) {
    String text =
        "SELECT version FROM "
            + table
            + " WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL"
            + siteCondition(actor, "", "$3");
    return db.tenant(actor.orgId())
        .preparedQuery(text)
        .execute(withUser(Tuple.of(actor.orgId(), id), actor))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound(what);
              }
              throw new BusError(
                  412,
                  "precondition-failed",
                  "version "
                      + ifMatch
                      + " is stale; the current version is "
                      + rows.iterator().next().getInteger("version"));
            });
  }
}
