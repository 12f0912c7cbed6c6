package dev.wrench.pm;

import dev.wrench.calendar.CalendarService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Learns of completed work orders from the events the work orders feature publishes (the relay's
 * CloudEvents on the event bus, never its tables) and plans the next occurrence of the
 * after_completion schedule that waited for one: {@code interval_days} after the completion. A
 * cancelled work order counts as done too, or its schedule would wait for ever.
 */
final class PmCompletions {

  private static final String STATUS_CHANGED = "dev.wrench.work_order.status_changed.v1";

  private final PmCompletionRepository repository;
  private final CalendarService calendars;

  PmCompletions(PmCompletionRepository repository, CalendarService calendars) {
    this.repository = repository;
    this.calendars = calendars;
  }

  /**
   * Handles one CloudEvent; anything but a completion or a cancellation is none of its business.
   */
  Future<Boolean> onEvent(JsonObject event) {
    if (!STATUS_CHANGED.equals(event.getString("type"))) {
      return Future.succeededFuture(false);
    }
    JsonObject data = event.getJsonObject("data", new JsonObject());
    String to = data.getString("to");
    if (!"completed".equals(to) && !"cancelled".equals(to)) {
      return Future.succeededFuture(false);
    }
    // source: /organizations/<org id>/work-orders
    String[] source = String.valueOf(event.getString("source")).split("/");
    if (source.length < 3) {
      return Future.succeededFuture(false);
    }
    UUID orgId = UUID.fromString(source[2]);
    UUID workOrderId = UUID.fromString(event.getString("subject"));
    JsonObject workOrder = data.getJsonObject("work_order", new JsonObject());
    String doneAt = workOrder.getString("completed_at");
    Instant at = Instant.parse(doneAt != null ? doneAt : event.getString("time"));
    return repository
        .awaiting(orgId, workOrderId)
        .compose(schedule -> schedule.map(s -> moveOn(s, workOrderId, at)).orElse(none()));
  }

  private static Future<Boolean> none() {
    return Future.succeededFuture(false);
  }

  private Future<Boolean> moveOn(PmSchedule schedule, UUID workOrderId, Instant at) {
    if (!(PmTrigger.parse(schedule.trigger()) instanceof PmTrigger.AfterCompletion interval)) {
      return none();
    }
    return calendars
        .calendar(PmGenerator.actorOf(schedule.orgId(), schedule.createdBy()), schedule.siteId())
        .map(PmCalendar::fromJson)
        .otherwise(PmCalendar.DEFAULT)
        .compose(
            calendar ->
                repository.moveOn(
                    schedule,
                    workOrderId,
                    PmPlanning.afterCompletion(interval, calendar, schedule.policy(), at)));
  }
}
