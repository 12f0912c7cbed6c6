package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.IdempotencyStore;
import dev.wrench.store.Keyset;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * A work order's comments: written under the work order's row lock with their {@code commented}
 * event, and paged for the API. Who may read or write them is the work order's to say.
 */
final class WorkOrderCommentRepository {

  /**
   * A comment takes the work order's row lock, like every other change of it, so that its event
   * takes its place in the order of the work order's events.
   */
  private static final String LOCK_FOR_COMMENT =
      "SELECT 1 FROM work_orders WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE";

  private static final String COMMENT_COLUMNS =
      "c.id, c.work_order_id, c.author_id, c.body, c.created_at";

  private static final String INSERT_COMMENT =
      "INSERT INTO work_order_comments AS c (org_id, work_order_id, author_id, body) VALUES ($1, $2, $3, $4)"
          + " RETURNING "
          + COMMENT_COLUMNS;

  private static final Keyset COMMENTS_KEYSET = Keyset.byTime("c", "created_at");

  private final RowSecurity db;
  private final WorkOrderRepository workOrders;

  WorkOrderCommentRepository(RowSecurity db, WorkOrderRepository workOrders) {
    this.db = db;
    this.workOrders = workOrders;
  }

  /**
   * Runs {@code work} on {@code client}, which is always a transaction already: creates run in the
   * tenant transaction that {@link IdempotencyStore#create} opens, with or without a key.
   */
  private static <T> Future<T> inTransaction(
      SqlClient client, java.util.function.Function<SqlClient, Future<T>> work) {
    return work.apply(client);
  }

  Future<JsonObject> createComment(
      SqlClient client, Actor actor, UUID workOrderId, JsonObject body) {
    return workOrders
        .checkAccess(actor, workOrderId, false, true)
        .compose(
            ok ->
                inTransaction(
                    client,
                    conn ->
                        conn.preparedQuery(LOCK_FOR_COMMENT)
                            .execute(Tuple.of(actor.orgId(), workOrderId))
                            .compose(
                                locked -> {
                                  if (locked.size() == 0) {
                                    // deleted between the access check and the lock
                                    throw BusError.notFound("work order");
                                  }
                                  return conn.preparedQuery(INSERT_COMMENT)
                                      .execute(
                                          Tuple.of(
                                              actor.orgId(),
                                              workOrderId,
                                              actor.userId(),
                                              body.getString("body")));
                                })
                            .compose(
                                rows -> {
                                  JsonObject comment = commentToJson(rows.iterator().next());
                                  return WorkOrderOutbox.append(
                                          conn,
                                          actor.orgId(),
                                          workOrderId,
                                          actor.userId(),
                                          List.of(
                                              new WorkOrderOutbox.Pending(
                                                  WorkOrderEventType.COMMENTED,
                                                  new JsonObject()
                                                      .put("work_order_id", workOrderId.toString())
                                                      .put("comment", comment)
                                                      .put("actor_id", actor.userId().toString()))))
                                      .map(comment);
                                })));
  }

  Future<JsonObject> comments(Actor actor, UUID workOrderId, JsonObject query) {
    Keyset.Page page = COMMENTS_KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    return workOrders
        .checkAccess(actor, workOrderId, false, false)
        .compose(
            ok -> {
              SqlBuilder sql =
                  new SqlBuilder()
                      .where("c.org_id = %s", actor.orgId())
                      .where("c.work_order_id = %s", workOrderId);
              page.seek(sql, query.getString("cursor"));
              return db.tenant(actor.orgId())
                  .preparedQuery(
                      "SELECT "
                          + COMMENT_COLUMNS
                          + ", "
                          + page.selectKey()
                          + " FROM work_order_comments c"
                          + sql.whereClause()
                          + page.orderBy())
                  .execute(sql.params())
                  .map(
                      (RowSet<Row> rows) ->
                          page.toJson(rows, WorkOrderCommentRepository::commentToJson, "id"));
            });
  }

  private static JsonObject commentToJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("work_order_id", row.getUUID("work_order_id").toString())
        .put("author_id", row.getUUID("author_id").toString())
        .put("body", row.getString("body"))
        .put("created_at", Rows.time(row, "created_at"));
  }
}
