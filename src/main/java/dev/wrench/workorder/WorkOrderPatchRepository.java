package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A PATCH of a work order, in one transaction: the row locked (with its assignee's user, for the
 * technician rules), the caller's right and the version checked, then the changed fields written
 * with one history row each and the events they make ({@link WorkOrderChanges}).
 */
final class WorkOrderPatchRepository {

  private static final String SELECT_FOR_UPDATE =
      "SELECT "
          + WorkOrderRows.COLUMNS
          + ", "
          + WorkOrderRules.ASSIGNED_TO_CALLER.formatted("$3")
          + " AS assigned_to_caller FROM work_orders w"
          + " WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL FOR UPDATE OF w";

  private static final String SELECT_FOR_UPDATE_IN_SITES =
      SELECT_FOR_UPDATE.replace(
          " FOR UPDATE OF w",
          " AND site_visible($3, " + WorkOrderRepository.SITE_OF_W + ") FOR UPDATE OF w");

  private static final String INSERT_HISTORY_CHANGES =
      "INSERT INTO work_order_history (org_id, work_order_id, action, field, old_value, new_value, actor_id)"
          + " SELECT $1, $2, 'updated', f, o::jsonb, n::jsonb, $3"
          + " FROM unnest($4::text[], $5::text[], $6::text[]) AS u(f, o, n)";

  private final RowSecurity db;

  WorkOrderPatchRepository(RowSecurity db) {
    this.db = db;
  }

  Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                conn.preparedQuery(
                        actor.siteScoped() ? SELECT_FOR_UPDATE_IN_SITES : SELECT_FOR_UPDATE)
                    .execute(Tuple.of(actor.orgId(), id, actor.userId()))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw BusError.notFound("work order");
                          }
                          Row row = rows.iterator().next();
                          if (actor.hasRole("requester")) {
                            // A requester may not change work orders; one they cannot see does not
                            // exist for them.
                            if (!actor.userId().equals(row.getUUID("requester_id"))) {
                              throw BusError.notFound("work order");
                            }
                            throw BusError.forbidden("requesters cannot change work orders");
                          }
                          boolean assignedToCaller = row.getBoolean("assigned_to_caller");
                          if (!WorkOrderRules.mayPatch(
                              actor.role(), assignedToCaller, body.fieldNames())) {
                            throw BusError.forbidden(
                                actor.hasRole("technician") && !assignedToCaller
                                    ? "technicians change only work orders assigned to them or"
                                        + " their team"
                                    : "technicians may change only the status");
                          }
                          if (ifMatch != null && !ifMatch.equals(row.getInteger("version"))) {
                            throw new BusError(
                                412,
                                "precondition-failed",
                                "version "
                                    + ifMatch
                                    + " is stale; the current version is "
                                    + row.getInteger("version"));
                          }
                          JsonObject current = WorkOrderRows.toJson(row);
                          Map<String, Object[]> changes = WorkOrderChanges.changes(current, body);
                          if (changes.isEmpty()) {
                            return Future.succeededFuture(current);
                          }
                          if (changes.containsKey("status")) {
                            WorkOrderChanges.checkTransition(
                                current.getString("status"),
                                body.getString("status"),
                                actor.role());
                            if ("completed".equals(body.getString("status"))) {
                              // Under this row lock, which answers wait for: no race.
                              return WorkOrderChecklistRepository.checkComplete(
                                      conn, actor.orgId(), id)
                                  .compose(complete -> update(conn, actor, id, changes));
                            }
                          }
                          return update(conn, actor, id, changes);
                        }));
  }

  private Future<JsonObject> update(
      SqlConnection conn, Actor actor, UUID id, Map<String, Object[]> changes) {
    SqlBuilder sql = new SqlBuilder();
    List<String> sets = new ArrayList<>();
    for (Map.Entry<String, Object[]> change : changes.entrySet()) {
      String field = change.getKey();
      Object value = change.getValue()[1];
      Object param =
          switch (field) {
            case "asset_id", "assignee_id", "location_id", "team_id" ->
                Params.uuid((String) value, "/" + field);
            case "due_at" -> Params.time((String) value, "/due_at");
            default -> value;
          };
      sets.add(field + " = " + sql.param(param));
    }
    if (changes.containsKey("status")) {
      String next = (String) changes.get("status")[1];
      sets.add(next.equals("completed") ? "completed_at = now()" : "completed_at = NULL");
    }
    String text =
        "UPDATE work_orders w SET "
            + String.join(", ", sets)
            + ", version = version + 1, updated_at = now()"
            + " WHERE w.org_id = "
            + sql.param(actor.orgId())
            + " AND w.id = "
            + sql.param(id)
            + " RETURNING "
            + WorkOrderRows.COLUMNS;
    List<String> fields = new ArrayList<>(changes.keySet());
    String[] olds = fields.stream().map(f -> Json.encode(changes.get(f)[0])).toArray(String[]::new);
    String[] news = fields.stream().map(f -> Json.encode(changes.get(f)[1])).toArray(String[]::new);
    return conn.preparedQuery(text)
        .execute(sql.params())
        .compose(
            rows ->
                conn.preparedQuery(INSERT_HISTORY_CHANGES)
                    .execute(
                        Tuple.of(
                            actor.orgId(),
                            id,
                            actor.userId(),
                            fields.toArray(String[]::new),
                            olds,
                            news))
                    .compose(
                        ignored -> {
                          JsonObject updated = WorkOrderRows.toJson(rows.iterator().next());
                          return WorkOrderOutbox.append(
                                  conn,
                                  actor.orgId(),
                                  id,
                                  actor.userId(),
                                  WorkOrderChanges.events(updated, changes, actor))
                              .map(updated);
                        }));
  }
}
