package dev.wrench.db;

import dev.wrench.bus.Actor;
import dev.wrench.bus.BusError;
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
final class VersionedTable {

  private final RowSecurity db;
  private final String table;
  private final String alias;
  private final String columns;
  private final String what;
  private final Function<Row, JsonObject> mapper;

  /** Patchable JSON field → SQL parameter converter (the column has the field's name). */
  private final Map<String, Function<Object, Object>> patchable;

  VersionedTable(
      RowSecurity db,
      String table,
      String alias,
      String columns,
      String what,
      Function<Row, JsonObject> mapper,
      Map<String, Function<Object, Object>> patchable) {
    this.db = db;
    this.table = table;
    this.alias = alias;
    this.columns = columns;
    this.what = what;
    this.mapper = mapper;
    this.patchable = patchable;
  }

  Future<JsonObject> get(Actor actor, UUID id) {
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
            + ".deleted_at IS NULL";
    return db.tenant(actor.orgId())
        .preparedQuery(sql)
        .execute(Tuple.of(actor.orgId(), id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound(what);
              }
              return mapper.apply(rows.iterator().next());
            });
  }

  Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
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

  Future<JsonObject> softDelete(Actor actor, UUID id, Integer ifMatch) {
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
            + ".version = $3) RETURNING "
            + alias
            + ".id";
    return db.tenant(actor.orgId())
        .preparedQuery(text)
        .execute(Tuple.of(actor.orgId(), id, ifMatch))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture(new JsonObject())
                    : notFoundOrStale(actor, id, ifMatch));
  }

  private Future<JsonObject> notFoundOrStale(Actor actor, UUID id, Integer ifMatch) {
    String text =
        "SELECT version FROM " + table + " WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL";
    return db.tenant(actor.orgId())
        .preparedQuery(text)
        .execute(Tuple.of(actor.orgId(), id))
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
