package dev.wrench.notification;

import io.vertx.core.json.JsonObject;

/** The plain-text e-mail of a notification: what happened to which work order (or request). */
final class MailTexts {

  private MailTexts() {}

  static String subject(JsonObject event) {
    JsonObject workOrder = workOrder(event);
    String number = workOrder.getString("number", "a work order");
    String what =
        switch (shortName(event)) {
          case "assigned" -> "assigned to you";
          case "status_changed" -> "is " + event.getJsonObject("data").getString("to", "changed");
          case "created" -> "created (" + workOrder.getString("priority", "") + ")";
          case "overdue" -> "is overdue";
          case "approved" -> "was approved";
          case "rejected" -> "was rejected";
          default -> shortName(event).replace('_', ' ');
        };
    return "[Wrench] " + number + " " + what + ": " + workOrder.getString("title", "");
  }

  static String body(JsonObject event, String name) {
    JsonObject workOrder = workOrder(event);
    StringBuilder text = new StringBuilder();
    text.append("Hello").append(name == null ? "" : " " + name).append(",\n\n");
    text.append(subject(event).substring("[Wrench] ".length())).append("\n\n");
    appendField(text, "Status", workOrder.getString("status"));
    appendField(text, "Priority", workOrder.getString("priority"));
    appendField(text, "Due", workOrder.getString("due_at"));
    appendField(text, "Reason", workOrder.getString("rejection_reason"));
    boolean request = event.getJsonObject("data", new JsonObject()).containsKey("request");
    appendField(text, request ? "Request id" : "Work order id", event.getString("subject"));
    text.append("\nEvent ").append(event.getString("id")).append('\n');
    return text.toString();
  }

  private static void appendField(StringBuilder text, String label, String value) {
    if (value != null) {
      text.append(label).append(": ").append(value).append('\n');
    }
  }

  /** The work order of the event, or the request of a request's event. */
  private static JsonObject workOrder(JsonObject event) {
    JsonObject data = event.getJsonObject("data", new JsonObject());
    return data.getJsonObject("work_order", data.getJsonObject("request", new JsonObject()));
  }

  /** {@code dev.wrench.work_order.status_changed.v1} → {@code status_changed}. */
  private static String shortName(JsonObject event) {
    String type = event.getString("type", "");
    String[] parts = type.split("\\.");
    return parts.length >= 2 ? parts[parts.length - 2] : type;
  }
}
