package dev.wrench.labor;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.labor.LaborAccessRepository.Sum;
import dev.wrench.store.Keyset;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.UUID;

/** A work order's other cost lines, each written with the change of its {@code other} sum. */
final class CostLineRepository {

  private static final String COLUMNS =
      "c.id, c.work_order_id, c.category, c.description, c.amount, c.created_by, c.created_at,"
          + " c.updated_at, c.version";

  private static final String INSERT =
      "INSERT INTO work_order_costs AS c (org_id, work_order_id, category, description, amount,"
          + " created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
          + COLUMNS;

  private static final String SOFT_DELETE =
      "UPDATE work_order_costs SET deleted_at = now(), updated_at = now(), version = version + 1"
          + " WHERE org_id = $1 AND work_order_id = $2 AND id = $3 AND deleted_at IS NULL"
          + " RETURNING amount";

  private static final Keyset KEYSET = Keyset.byTime("c", "created_at");

  private final RowSecurity db;

  CostLineRepository(RowSecurity db) {
    this.db = db;
  }

  Future<JsonObject> list(Actor actor, UUID workOrderId, JsonObject query) {
    Keyset.Page page = KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                LaborAccessRepository.workOrder(conn, actor, workOrderId)
                    .compose(
                        workOrder -> {
                          SqlBuilder sql =
                              new SqlBuilder()
                                  .where("c.org_id = %s", actor.orgId())
                                  .where("c.work_order_id = %s", workOrderId)
                                  .where("c.deleted_at IS NULL");
                          page.seek(sql, query.getString("cursor"));
                          return conn.preparedQuery(
                                  "SELECT "
                                      + COLUMNS
                                      + ", "
                                      + page.selectKey()
                                      + " FROM work_order_costs c"
                                      + sql.whereClause()
                                      + page.orderBy())
                              .execute(sql.params())
                              .map(rows -> page.toJson(rows, CostLineRepository::toJson, "id"));
                        }));
  }

  /** In the transaction of {@code client} (the idempotency store's). */
  Future<JsonObject> create(SqlClient client, Actor actor, UUID workOrderId, JsonObject body) {
    return LaborAccessRepository.workOrder(client, actor, workOrderId)
        .compose(
            workOrder -> {
              BigDecimal amount =
                  LaborRules.amount(body.getString("amount"), workOrder.minorDigits());
              return client
                  .preparedQuery(INSERT)
                  .execute(
                      Tuple.of(
                          actor.orgId(),
                          workOrderId,
                          body.getString("category"),
                          body.getString("description"),
                          amount,
                          actor.userId()))
                  .compose(
                      rows -> {
                        JsonObject created = toJson(rows.iterator().next());
                        return LaborAccessRepository.addToSum(
                                client, actor, workOrderId, Sum.OTHER, amount)
                            .map(v -> created.put("work_order_version", v));
                      });
            });
  }

  Future<JsonObject> delete(Actor actor, UUID workOrderId, UUID costId) {
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                LaborAccessRepository.workOrder(conn, actor, workOrderId)
                    .compose(
                        workOrder ->
                            conn.preparedQuery(SOFT_DELETE)
                                .execute(Tuple.of(actor.orgId(), workOrderId, costId)))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw BusError.notFound("cost line");
                          }
                          BigDecimal amount = rows.iterator().next().getBigDecimal("amount");
                          return LaborAccessRepository.addToSum(
                                  conn, actor, workOrderId, Sum.OTHER, amount.negate())
                              .map(v -> new JsonObject().put("work_order_version", v));
                        }));
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("work_order_id", row.getUUID("work_order_id").toString())
        .put("category", row.getString("category"))
        .put("description", row.getString("description"))
        .put("amount", row.getBigDecimal("amount").toPlainString())
        .put("created_by", row.getUUID("created_by").toString())
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }
}
