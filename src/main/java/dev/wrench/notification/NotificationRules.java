package dev.wrench.notification;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Who is told what, from a work order event alone (no I/O): the assignee when a work order is
 * assigned, the requester when it is completed, the organization's managers when a critical work
 * order is created or goes overdue, a request's requester when it is approved or rejected. Webhook
 * subscriptions are matched by event type in the database. Notifications about a critical work
 * order take the critical lane.
 */
public final class NotificationRules {

  public static final String CRITICAL = "critical";
  public static final String ROUTINE = "routine";

  private NotificationRules() {}

  /**
   * {@code {lane, user_ids, technician_ids, managers}}: the audiences of {@code event} (a
   * CloudEvent of Wrench), resolved to addresses by the database.
   */
  public static JsonObject audiences(JsonObject event) {
    String type = event.getString("type", "");
    JsonObject data = event.getJsonObject("data", new JsonObject());
    JsonObject workOrder = data.getJsonObject("work_order", new JsonObject());
    boolean critical = CRITICAL.equals(workOrder.getString("priority"));
    JsonArray users = new JsonArray();
    JsonArray technicians = new JsonArray();
    boolean managers = false;
    if (type.endsWith(".work_order.assigned.v1")) {
      String assignee = data.getString("to", workOrder.getString("assignee_id"));
      if (assignee != null) {
        technicians.add(assignee);
      }
    } else if (type.endsWith(".work_order.status_changed.v1")) {
      String requester = workOrder.getString("requester_id");
      if ("completed".equals(data.getString("to")) && requester != null) {
        users.add(requester);
      }
    } else if (type.endsWith(".work_order.created.v1") || type.endsWith(".work_order.overdue.v1")) {
      managers = critical;
    } else if (type.endsWith(".request.approved.v1") || type.endsWith(".request.rejected.v1")) {
      // The requester hears of the decision (a request from a public link has none).
      String requester = data.getJsonObject("request", new JsonObject()).getString("requester_id");
      if (requester != null) {
        users.add(requester);
      }
    }
    return new JsonObject()
        .put("lane", critical ? CRITICAL : ROUTINE)
        .put("user_ids", users)
        .put("technician_ids", technicians)
        .put("managers", managers);
  }
}
