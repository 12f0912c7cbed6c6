package dev.wrench.events;

import dev.wrench.workorder.WorkOrderEventType;
import io.vertx.core.json.JsonObject;

/**
 * Turns an outbox row (as {@code wrench.db.events.claim} returns it) into a CloudEvents 1.0 JSON
 * document (structured mode). Extensions: {@code wrenchsequence}, the position in the outbox
 * (increasing per work order), and {@code wrenchreplay: true} on an event an admin replayed, which
 * keeps the {@code id} of the original so that consumers that already have it can recognise it;
 * {@code traceparent} (the Distributed Tracing extension) when tracing was on for the change.
 */
public final class CloudEvents {

  /** The content type of a structured-mode CloudEvent in JSON (Kafka header, webhooks). */
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  /** The Distributed Tracing extension attribute (W3C Trace Context). */
  public static final String TRACEPARENT = "traceparent";

  private CloudEvents() {}

  public static JsonObject fromOutbox(JsonObject row) {
    WorkOrderEventType type = WorkOrderEventType.fromWire(row.getString("type"));
    JsonObject event =
        new JsonObject()
            .put("specversion", "1.0")
            .put("id", row.getString("event_id"))
            .put(
                "source",
                "/organizations/"
                    + row.getString("org_id")
                    + (type.aboutRequest() ? "/requests" : "/work-orders"))
            .put("type", type.cloudEventType())
            // A request's events are about the request (V87), the others about their work order.
            .put("subject", row.getString(type.aboutRequest() ? "request_id" : "work_order_id"))
            .put("time", row.getString("occurred_at"))
            .put("datacontenttype", "application/json")
            .put("wrenchsequence", row.getLong("sequence"));
    if (row.getBoolean("replay", false)) {
      event.put("wrenchreplay", true);
    }
    // The CloudEvents Distributed Tracing extension: the trace of the change, when it was traced.
    String traceparent = row.getString("traceparent");
    if (traceparent != null) {
      event.put(TRACEPARENT, traceparent);
    }
    return event.put("data", row.getJsonObject("data"));
  }
}
