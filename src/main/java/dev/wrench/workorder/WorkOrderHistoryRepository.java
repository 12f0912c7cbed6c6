package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.store.Keyset;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;

/**
 * A work order's history as the API pages it. The rows are written by the work order's own
 * statements (create, patch, delete), in the transaction of the change they record.
 */
final class WorkOrderHistoryRepository {

  private static final String SELECT_HISTORY =
      "SELECT h.id, h.work_order_id, h.action, h.field, h.old_value, h.new_value, h.actor_id, h.changed_at,"
          + " h.id AS sort_key FROM work_order_history h";

  private static final Keyset HISTORY_KEYSET =
      new Keyset(
          Map.of("id", new Keyset.SortKey("h.id", Keyset.Type.LONG)), "h.id", Keyset.Type.LONG);

  private final RowSecurity db;
  private final WorkOrderRepository workOrders;

  WorkOrderHistoryRepository(RowSecurity db, WorkOrderRepository workOrders) {
    this.db = db;
    this.workOrders = workOrders;
  }

  /** Deleted work orders keep their history readable. */
  Future<JsonObject> history(Actor actor, UUID id, JsonObject query) {
    Keyset.Page page = HISTORY_KEYSET.page(query.copy().put("sort", "id"), "id");
    return workOrders
        .checkAccess(actor, id, true, false)
        .compose(
            ok -> {
              SqlBuilder sql =
                  new SqlBuilder()
                      .where("h.org_id = %s", actor.orgId())
                      .where("h.work_order_id = %s", id);
              page.seek(sql, query.getString("cursor"));
              return db.tenant(actor.orgId())
                  .preparedQuery(SELECT_HISTORY + sql.whereClause() + page.orderBy())
                  .execute(sql.params())
                  .map(rows -> page.toJson(rows, WorkOrderHistoryRepository::historyToJson, "id"));
            });
  }

  private static JsonObject historyToJson(Row row) {
    return new JsonObject()
        .put("id", String.valueOf(row.getLong("id")))
        .put("work_order_id", row.getUUID("work_order_id").toString())
        .put("action", row.getString("action"))
        .put("field", row.getString("field"))
        .put("old_value", jsonValue(row.getValue("old_value")))
        .put("new_value", jsonValue(row.getValue("new_value")))
        .put("actor_id", Rows.uuid(row, "actor_id"))
        .put("changed_at", Rows.time(row, "changed_at"));
  }

  private static Object jsonValue(Object value) {
    return value == Tuple.JSON_NULL ? null : value;
  }
}
