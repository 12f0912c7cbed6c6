package dev.wrench.workorder;

import java.util.Locale;

/**
 * The kinds of work order events, as stored in the outbox ({@link #wire()}) and as CloudEvents
 * ({@link #cloudEventType()}, e.g. {@code dev.wrench.work_order.status_changed.v1}). Each has a
 * JSON Schema in {@code openapi/events/}.
 */
public enum WorkOrderEventType {
  CREATED,
  UPDATED,
  STATUS_CHANGED,
  ASSIGNED,
  COMMENTED,
  /** Written by the attachments repository once attachments exist (the schema is ready). */
  ATTACHMENT_ADDED,
  DELETED,
  OVERDUE,
  /**
   * A preventive maintenance schedule generated this work order (written by the PM generator; its
   * short type is {@code pm_schedule.generated}).
   */
  PM_SCHEDULE_GENERATED("pm_schedule"),
  /** A request was made (issue 20; its short type is {@code request.created}). */
  REQUEST_CREATED(WorkOrderEventType.REQUEST),
  /** A request was approved into a work order ({@code request.approved}). */
  REQUEST_APPROVED(WorkOrderEventType.REQUEST),
  /** A request was rejected, with its reason ({@code request.rejected}). */
  REQUEST_REJECTED(WorkOrderEventType.REQUEST);

  /** The resource of the request events: their subject is a request, not a work order. */
  static final String REQUEST = "request";

  /** The resource an event type is named after, the prefix of its short type. */
  private static final String WORK_ORDER = "work_order";

  private final String resource;

  WorkOrderEventType() {
    this(WORK_ORDER);
  }

  WorkOrderEventType(String resource) {
    this.resource = resource;
  }

  /** The prefix of every CloudEvents {@code type} of Wrench. */
  public static final String TYPE_PREFIX = "dev.wrench.";

  /** The value of the outbox's {@code type} column. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The short form webhooks filter on: {@code work_order.created}. */
  public String shortType() {
    String wire = wire();
    return resource
        + "."
        + (wire.startsWith(resource + "_") ? wire.substring(resource.length() + 1) : wire);
  }

  /** The CloudEvents {@code type}: {@code dev.wrench.work_order.created.v1}. */
  public String cloudEventType() {
    return TYPE_PREFIX + shortType() + ".v1";
  }

  /** Whether the event is about a request (its subject a request id) rather than a work order. */
  public boolean aboutRequest() {
    return REQUEST.equals(resource);
  }

  public static WorkOrderEventType fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
