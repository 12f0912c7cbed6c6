package dev.wrench.workorder;

import dev.wrench.checklist.ChecklistRules;
import dev.wrench.checklist.ChecklistRules.Answer;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A work order's checklist: its own copy of a template's items (made by the work order's insert,
 * V80) and their answers. The answers live here, in the work order feature, and not with the
 * templates: an answer is one transaction with the work order's row lock (so that a completion sees
 * every answer, and no answer lands on a completed work order), its history row, and the follow-up
 * work order a failed item opens — writes of the work order's tables that only this feature may
 * make.
 */
final class WorkOrderChecklistRepository {

  private static final String ITEM_COLUMNS =
      "i.key, i.label, i.type, i.required, i.min::text AS min, i.max::text AS max, i.unit,"
          + " i.meter_id, i.on_fail, i.value_number::text AS value_number, i.value_boolean,"
          + " i.value_text, i.result, i.done_by, i.done_at, i.version";

  private static final String SELECT_ITEMS =
      "SELECT "
          + ITEM_COLUMNS
          + " FROM work_order_checklist_items i WHERE i.org_id = $1 AND i.work_order_id = $2"
          + " ORDER BY i.position";

  /**
   * The work order, shared-locked: answers of different items go on side by side, while a status
   * change (which locks the row for update) waits for them, and they for it.
   */
  private static final String LOCK_WORK_ORDER =
      "SELECT w.id, w.number, w.status, w.priority, w.asset_id, w.location_id, w.requester_id, "
          + WorkOrderRules.ASSIGNED_TO_CALLER.formatted("$3")
          + " AS assigned_to_caller FROM work_orders w"
          + " WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL FOR SHARE OF w";

  private static final String LOCK_WORK_ORDER_IN_SITES =
      LOCK_WORK_ORDER.replace(
          " FOR SHARE OF w",
          " AND site_visible($3, " + WorkOrderRepository.SITE_OF_W + ") FOR SHARE OF w");

  private static final String LOCK_ITEM =
      "SELECT "
          + ITEM_COLUMNS
          + " FROM work_order_checklist_items i"
          + " WHERE i.org_id = $1 AND i.work_order_id = $2 AND i.key = $3 FOR UPDATE";

  private static final String UPDATE_ITEM =
      "UPDATE work_order_checklist_items i SET value_number = $4, value_boolean = $5,"
          + " value_text = $6, result = $7, done_by = $8,"
          + " done_at = CASE WHEN $8::uuid IS NULL THEN NULL ELSE now() END, version = i.version + 1"
          + " WHERE i.org_id = $1 AND i.work_order_id = $2 AND i.key = $3 RETURNING "
          + ITEM_COLUMNS;

  private static final String ATTACHMENT_OF_WORK_ORDER =
      "SELECT 1 FROM attachments WHERE org_id = $1 AND id = $2 AND work_order_id = $3"
          + " AND deleted_at IS NULL";

  private static final String LIVE_METER =
      "SELECT 1 FROM meters WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL";

  private static final String INSERT_HISTORY =
      "INSERT INTO work_order_history (org_id, work_order_id, action, field, old_value, new_value, actor_id)"
          + " VALUES ($1, $2, 'updated', $3, $4::text::jsonb, $5::text::jsonb, $6)";

  private static final String MISSING_REQUIRED =
      "SELECT i.key FROM work_order_checklist_items i"
          + " WHERE i.org_id = $1 AND i.work_order_id = $2 AND i.required"
          + " AND i.value_number IS NULL AND i.value_boolean IS NULL AND i.value_text IS NULL"
          + " ORDER BY i.position";

  private final RowSecurity db;
  private final WorkOrderRepository workOrders;

  WorkOrderChecklistRepository(RowSecurity db, WorkOrderRepository workOrders) {
    this.db = db;
    this.workOrders = workOrders;
  }

  /**
   * {@code {items, version}}: the version counts the answers given, so that it serves as the
   * checklist's ETag. A work order without a checklist has no items.
   */
  Future<JsonObject> checklist(Actor actor, UUID id) {
    return workOrders
        .checkAccess(actor, id, false, false)
        .compose(
            ok ->
                db.tenant(actor.orgId())
                    .preparedQuery(SELECT_ITEMS)
                    .execute(Tuple.of(actor.orgId(), id)))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              int version = 1;
              for (Row row : rows) {
                items.add(itemToJson(row));
                version += row.getInteger("version") - 1;
              }
              return new JsonObject().put("items", items).put("version", version);
            });
  }

  /** What an answer did: the item, and the follow-up work order it opened (or null). */
  record Answered(JsonObject item, JsonObject followUp) {}

  /**
   * Answers item {@code key} of work order {@code id} in one transaction (see the class comment). A
   * wrong value, a photo of another work order or a meter that is gone is 422 and writes nothing.
   */
  Future<Answered> answer(Actor actor, UUID id, String key, Integer ifMatch, JsonObject body) {
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                conn.preparedQuery(actor.siteScoped() ? LOCK_WORK_ORDER_IN_SITES : LOCK_WORK_ORDER)
                    // $3, the caller's user id, serves both the assignment and the site check.
                    .execute(Tuple.of(actor.orgId(), id, actor.userId()))
                    .compose(
                        rows -> {
                          Row workOrder =
                              mayAnswer(actor, rows.size() == 0 ? null : rows.iterator().next());
                          return conn.preparedQuery(LOCK_ITEM)
                              .execute(Tuple.of(actor.orgId(), id, key))
                              .compose(
                                  items -> {
                                    if (items.size() == 0) {
                                      throw BusError.notFound("checklist item");
                                    }
                                    Row item = items.iterator().next();
                                    int version = item.getInteger("version");
                                    if (ifMatch != null && ifMatch != version) {
                                      throw new BusError(
                                          412,
                                          "precondition-failed",
                                          "version "
                                              + ifMatch
                                              + " is stale; the current version is "
                                              + version);
                                    }
                                    Answer answer =
                                        ChecklistRules.answer(
                                            item.getString("type"), body.getValue("value"));
                                    return checkReferences(conn, actor, id, item, answer)
                                        .compose(
                                            ok -> write(conn, actor, workOrder, item, key, answer));
                                  });
                        }));
  }

  /**
   * The locked work order when the caller may answer its checklist: those who may change its status
   * (its assigned technician, managers, admins). Requesters only read their own; a work order the
   * caller cannot see is 404; a finished one takes no more answers (409).
   */
  private static Row mayAnswer(Actor actor, Row row) {
    if (row == null
        || (actor.hasRole("requester") && !actor.userId().equals(row.getUUID("requester_id")))) {
      throw BusError.notFound("work order");
    }
    boolean assignedToCaller = row.getBoolean("assigned_to_caller");
    if (actor.hasRole("requester") || (actor.hasRole("technician") && !assignedToCaller)) {
      throw BusError.forbidden(
          "only the assigned technician, managers and admins answer a work order's checklist");
    }
    String status = row.getString("status");
    if ("completed".equals(status) || "cancelled".equals(status)) {
      throw new BusError(
          409, "conflict", "the work order is " + status + "; its checklist can no longer change");
    }
    return row;
  }

  /** A photo must be an attachment of this work order; a reading's meter must still exist. */
  private static Future<Void> checkReferences(
      SqlConnection conn, Actor actor, UUID workOrderId, Row item, Answer answer) {
    String type = item.getString("type");
    if ("photo".equals(type) && answer.text() != null) {
      return conn.preparedQuery(ATTACHMENT_OF_WORK_ORDER)
          .execute(Tuple.of(actor.orgId(), UUID.fromString(answer.text()), workOrderId))
          .map(
              rows -> {
                if (rows.size() == 0) {
                  throw BusError.unprocessable(
                      "/value", "refers to no attachment of this work order");
                }
                return null;
              });
    }
    if ("meter_reading".equals(type) && answer.number() != null) {
      return conn.preparedQuery(LIVE_METER)
          .execute(Tuple.of(actor.orgId(), item.getUUID("meter_id")))
          .map(
              rows -> {
                if (rows.size() == 0) {
                  throw BusError.unprocessable(
                      "/value", "the item's meter no longer exists; it cannot take a reading");
                }
                return null;
              });
    }
    return Future.succeededFuture();
  }

  private Future<Answered> write(
      SqlConnection conn, Actor actor, Row workOrder, Row item, String key, Answer answer) {
    String type = item.getString("type");
    String result = ChecklistRules.result(type, answer, decimal(item, "min"), decimal(item, "max"));
    UUID workOrderId = workOrder.getUUID("id");
    Object oldValue = valueOf(item);
    return conn.preparedQuery(UPDATE_ITEM)
        .execute(
            Tuple.of(actor.orgId(), workOrderId, key, answer.number(), answer.bool(), answer.text())
                .addValue(result)
                .addValue(answer.isEmpty() ? null : actor.userId()))
        .compose(
            updated -> {
              JsonObject answered = itemToJson(updated.iterator().next());
              return conn.preparedQuery(INSERT_HISTORY)
                  .execute(
                      Tuple.of(
                          actor.orgId(),
                          workOrderId,
                          "checklist/" + key,
                          Json.encode(oldValue),
                          Json.encode(answered.getValue("value")),
                          actor.userId()))
                  .compose(
                      history ->
                          "fail".equals(result)
                                  && "create_work_order".equals(item.getString("on_fail"))
                              ? followUp(conn, actor, workOrder, item, answered)
                              : Future.succeededFuture((JsonObject) null))
                  .map(followUp -> new Answered(answered, followUp));
            });
  }

  /**
   * Opens the follow-up of a failed item, once: the unique key (work order, item) makes a retried
   * or concurrent failing answer insert nothing (V80), and the insert is the work order create's
   * statement, with its number, history row and {@code work_order.created} event. Null when it was
   * opened before.
   */
  private static Future<JsonObject> followUp(
      SqlConnection conn, Actor actor, Row workOrder, Row item, JsonObject answered) {
    String number = WorkOrderRules.formatNumber(workOrder.getLong("number"));
    String label = item.getString("label");
    String title = "Follow-up to " + number + ": " + label;
    JsonObject body =
        new JsonObject()
            .put("title", title.length() > 200 ? title.substring(0, 200) : title)
            .put(
                "description",
                "Checklist item \""
                    + item.getString("key")
                    + "\" of "
                    + number
                    + " failed with the answer "
                    + Json.encode(answered.getValue("value"))
                    + ".")
            .put("priority", workOrder.getString("priority"))
            .put("asset_id", Rows.uuid(workOrder, "asset_id"))
            .put("location_id", Rows.uuid(workOrder, "location_id"));
    return conn.preparedQuery(WorkOrderRepository.INSERT_FOLLOW_UP)
        .execute(
            WorkOrderRepository.createParams(
                actor, body, false, workOrder.getUUID("id"), item.getString("key")))
        .map(rows -> rows.size() == 0 ? null : WorkOrderRows.toJson(rows.iterator().next()));
  }

  /**
   * The keys of required items without an answer, as a completion's problem lists them; run on the
   * connection that holds the work order's row lock, so that no answer can change meanwhile.
   */
  static Future<Void> checkComplete(SqlConnection conn, UUID orgId, UUID workOrderId) {
    return conn.preparedQuery(MISSING_REQUIRED)
        .execute(Tuple.of(orgId, workOrderId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              JsonArray errors = new JsonArray();
              for (Row row : rows) {
                errors.add(
                    new JsonObject()
                        .put("pointer", "/checklist/items/" + row.getString("key"))
                        .put("message", "required item has no value"));
              }
              throw new BusError(
                  409,
                  "checklist-incomplete",
                  rows.size()
                      + " required checklist item(s) have no value; answer them before completing",
                  errors);
            });
  }

  private static BigDecimal decimal(Row row, String column) {
    String text = row.getString(column);
    return text == null ? null : new BigDecimal(text);
  }

  /** The answer as the API shows it: typed by the item. */
  private static Object valueOf(Row row) {
    return switch (row.getString("type")) {
      case "number" -> decimal(row, "value_number");
      case "meter_reading" -> row.getString("value_number");
      case "checkbox", "pass_fail" -> row.getBoolean("value_boolean");
      default -> row.getString("value_text");
    };
  }

  static JsonObject itemToJson(Row row) {
    return new JsonObject()
        .put("key", row.getString("key"))
        .put("label", row.getString("label"))
        .put("type", row.getString("type"))
        .put("required", row.getBoolean("required"))
        .put("min", row.getString("min"))
        .put("max", row.getString("max"))
        .put("unit", row.getString("unit"))
        .put("meter_id", Rows.uuid(row, "meter_id"))
        .put("on_fail", row.getString("on_fail"))
        .put("value", valueOf(row))
        .put("result", row.getString("result"))
        .put("done_by", Rows.uuid(row, "done_by"))
        .put("done_at", Rows.time(row, "done_at"))
        .put("version", row.getInteger("version"));
  }
}
