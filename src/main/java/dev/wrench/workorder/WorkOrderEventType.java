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
  PM_SCHEDULE_GENERATED("pm_schedule");

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

  public static WorkOrderEventType fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
