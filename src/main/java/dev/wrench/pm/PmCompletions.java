package dev.wrench.pm;

import dev.wrench.calendar.CalendarService;
import dev.wrench.workorder.WorkOrderService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Learns of completed work orders from the events the work orders feature publishes (the relay's
 * CloudEvents on the event bus, never its tables) and plans the next occurrence of the
 * after_completion schedule that waited for one: {@code interval_days} after the completion. A
 * cancelled work order counts as done too, or its schedule would wait for ever.
 */
final class PmCompletions {

  private static final String STATUS_CHANGED = "dev.wrench.work_order.status_changed.v1";

  /**
   * How often a waiting schedule's work order is asked about, beside the events: a lost event
   * delays the next occurrence by this much at most.
   */
  static final Duration RECHECK = Duration.ofMinutes(10);

  /** Waiting schedules asked about per round of the generator. */
  private static final int CHECKS_PER_ROUND = 100;

  private final PmCompletionRepository repository;
  private final CalendarService calendars;
  private final WorkOrderService workOrders;

  PmCompletions(
      PmCompletionRepository repository, CalendarService calendars, WorkOrderService workOrders) {
    this.repository = repository;
    this.calendars = calendars;
    this.workOrders = workOrders;
  }

  /**
   * Asks about the work orders that schedules have waited for since {@link #RECHECK} ago (or never
   * asked about): one completed or cancelled (an event of it was lost), or deleted, moves its
   * schedule on as its event would have. How many schedules moved on.
   */
  Future<Integer> reconcile(Instant now) {
    return repository
        .unchecked(now.minus(RECHECK), CHECKS_PER_ROUND)
        .compose(
            schedules -> {
              List<Future<Boolean>> moved = new ArrayList<>();
              for (PmSchedule schedule : schedules) {
                moved.add(reconcile(schedule, now));
              }
              return Future.all(moved)
                  .map(all -> (int) all.<Boolean>list().stream().filter(m -> m).count());
            });
  }

  private Future<Boolean> reconcile(PmSchedule schedule, Instant now) {
    UUID workOrderId = schedule.awaitingWorkOrderId();
    return workOrders
        .get(PmGenerator.actorOf(schedule.orgId(), schedule.createdBy()), workOrderId.toString())
        .map(
            workOrder -> {
              String status = workOrder.getString("status");
              if (!"completed".equals(status) && !"cancelled".equals(status)) {
                return null;
              }
              String doneAt = workOrder.getString("completed_at");
              return Instant.parse(doneAt != null ? doneAt : workOrder.getString("updated_at"));
            })
        // A deleted work order will never be completed: the schedule goes on from now.
        .recover(
            e ->
                e instanceof ReplyException reply && reply.failureCode() == 404
                    ? Future.succeededFuture(now)
                    : Future.failedFuture(e))
        .compose(
            doneAt ->
                doneAt == null
                    ? repository.checked(schedule, now).map(false)
                    : moveOn(schedule, workOrderId, doneAt));
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
