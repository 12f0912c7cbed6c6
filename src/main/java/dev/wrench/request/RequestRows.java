package dev.wrench.request;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Rows;
import dev.wrench.workorder.WorkOrderEventType;
import dev.wrench.workorder.WorkOrderOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.util.UUID;

/**
 * A request as a row and as JSON: the columns every query of one selects (alias {@code r}), the
 * conditions of who may see one, and the mapping of a row.
 */
final class RequestRows {

  static final String COLUMNS =
      "r.id, r.number, r.title, r.description, r.asset_id, r.location_id, r.priority, r.status,"
          + " r.requester_id, r.work_order_id, r.rejection_reason, r.contact, r.created_at,"
          + " r.updated_at,"
          + " r.version";

  /** A request's site: its asset's, else its location's (null when it has neither; V86). */
  static final String SITE_OF_R = "request_site(r.org_id, r.asset_id, r.location_id)";

  /** The request as its events carry it (V87), selected next to {@link #COLUMNS}. */
  static final String EVENT_COLUMN = ", request_event_json(r) AS event_request";

  private RequestRows() {}

  /**
   * The request a statement wrote ({@link #COLUMNS} and {@link #EVENT_COLUMN}), after its event of
   * {@code type} is appended to the outbox on {@code client}, the change's transaction.
   */
  static Future<JsonObject> withEvent(
      SqlClient client, Actor actor, RowSet<Row> rows, WorkOrderEventType type) {
    return withEvent(client, actor.orgId(), actor.userId(), rows, type);
  }

  /**
   * As {@link #withEvent(SqlClient, Actor, RowSet, WorkOrderEventType)}, for {@code actorId} of
   * {@code orgId}: null for a request filed through a public link, which has no actor.
   */
  static Future<JsonObject> withEvent(
      SqlClient client, UUID orgId, UUID actorId, RowSet<Row> rows, WorkOrderEventType type) {
    Row row = rows.iterator().next();
    JsonObject request = toJson(row);
    JsonObject data =
        new JsonObject()
            .put("request", new JsonObject(row.getJsonObject("event_request").encode()))
            .put("actor_id", actorId == null ? null : actorId.toString());
    return WorkOrderOutbox.appendOfRequest(
            client, orgId, row.getUUID("id"), actorId, new WorkOrderOutbox.Pending(type, data))
        .map(request);
  }

  /** RQ-000012: six digits at least, as work order numbers are written. */
  static String formatNumber(long number) {
    String digits = Long.toString(number);
    return "RQ-" + (digits.length() >= 6 ? digits : "0".repeat(6 - digits.length()) + digits);
  }

  static JsonObject one(RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw BusError.notFound("request");
    }
    return toJson(rows.iterator().next());
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("number", formatNumber(row.getLong("number")))
        .put("title", row.getString("title"))
        .put("description", row.getString("description"))
        .put("asset_id", Rows.uuid(row, "asset_id"))
        .put("location_id", Rows.uuid(row, "location_id"))
        .put("priority", row.getString("priority"))
        .put("status", row.getString("status"))
        .put("requester_id", Rows.uuid(row, "requester_id"))
        .put("work_order_id", Rows.uuid(row, "work_order_id"))
        .put("rejection_reason", row.getString("rejection_reason"))
        .put("contact", row.getString("contact"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }
}
