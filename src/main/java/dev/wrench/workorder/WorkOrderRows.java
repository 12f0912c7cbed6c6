package dev.wrench.workorder;

import dev.wrench.store.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A work order as a row and as JSON: the columns every query of one selects (alias {@code w}) and
 * the mapping of such a row, for this feature's repository and for the outbox's readers.
 */
public final class WorkOrderRows {

  public static final String COLUMNS =
      "w.id, w.number, w.title, w.description, w.status, w.priority, w.asset_id, w.assignee_id,"
          + " w.requester_id, w.due_at, w.created_at, w.updated_at, w.completed_at, w.version,"
          + " w.type, w.location_id, w.team_id, w.pm_schedule_id, w.occurrence_at,"
          + " w.checklist_template_id, w.follow_up_of, w.source_item_key, w.request_id,"
          + " w.labor_cost, w.parts_cost, w.other_cost, w.cost_currency,"
          + " currency_minor_digits(w.cost_currency) AS cost_digits";

  private WorkOrderRows() {}

  public static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("number", WorkOrderRules.formatNumber(row.getLong("number")))
        .put("title", row.getString("title"))
        .put("description", row.getString("description"))
        .put("status", row.getString("status"))
        .put("priority", row.getString("priority"))
        .put("asset_id", Rows.uuid(row, "asset_id"))
        .put("assignee_id", Rows.uuid(row, "assignee_id"))
        .put("requester_id", Rows.uuid(row, "requester_id"))
        .put("due_at", Rows.time(row, "due_at"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("completed_at", Rows.time(row, "completed_at"))
        .put("version", row.getInteger("version"))
        .put("type", row.getString("type"))
        .put("location_id", Rows.uuid(row, "location_id"))
        .put("team_id", Rows.uuid(row, "team_id"))
        .put("pm_schedule_id", Rows.uuid(row, "pm_schedule_id"))
        .put("occurrence_at", Rows.time(row, "occurrence_at"))
        .put("checklist_template_id", Rows.uuid(row, "checklist_template_id"))
        .put("follow_up_of", Rows.uuid(row, "follow_up_of"))
        .put("source_item_key", row.getString("source_item_key"))
        .put("request_id", Rows.uuid(row, "request_id"))
        .put("costs", costs(row));
  }

  /**
   * The sums kept on the row (V90), each shown with the currency's minor digits; they are stored
   * rounded to them, so the scale only pads ({@code 0} becomes {@code "0.00"}).
   */
  private static JsonObject costs(Row row) {
    int digits = row.getInteger("cost_digits");
    BigDecimal labor = row.getBigDecimal("labor_cost");
    BigDecimal parts = row.getBigDecimal("parts_cost");
    BigDecimal other = row.getBigDecimal("other_cost");
    return new JsonObject()
        .put("labor", money(labor, digits))
        .put("parts", money(parts, digits))
        .put("other", money(other, digits))
        .put("total", money(labor.add(parts).add(other), digits))
        .put("currency", row.getString("cost_currency"));
  }

  private static String money(BigDecimal amount, int digits) {
    return amount.setScale(digits, RoundingMode.HALF_UP).toPlainString();
  }
}
