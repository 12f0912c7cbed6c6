package dev.wrench.pm;

import dev.wrench.calendar.CalendarService;
import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.core.CreateRequest;
import dev.wrench.store.IdempotencyStore;
import dev.wrench.store.Params;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * PM schedules on the bus: checks a schedule's trigger and references, plans its next occurrence by
 * its calendar (the calendar service's, over the bus) and the clock, and stores it.
 */
public final class PmScheduleStore implements PmScheduleService {

  /** The fields of a schedule a client writes, with their defaults on create. */
  private static final JsonObject DEFAULTS =
      new JsonObject()
          .put("description", null)
          .put("priority", "medium")
          .put("asset_id", null)
          .put("assignee_id", null)
          .put("team_id", null)
          .put("location_id", null)
          .put("site_id", null)
          .put("checklist_template_id", null)
          .put("lead_time_days", 0)
          .put("non_working_days", "keep")
          .put("paused", false);

  private static final List<String> WRITABLE =
      List.of(
          "title",
          "description",
          "priority",
          "asset_id",
          "assignee_id",
          "team_id",
          "location_id",
          "site_id",
          "checklist_template_id",
          "lead_time_days",
          "non_working_days",
          "trigger",
          "paused");

  private final PmScheduleRepository repository;
  private final IdempotencyStore idempotency;
  private final CalendarService calendars;
  private final EventBus bus;
  private final Clock clock;
  private final PmForecast forecast;

  public PmScheduleStore(
      PmScheduleRepository repository,
      IdempotencyStore idempotency,
      CalendarService calendars,
      EventBus bus,
      Clock clock) {
    this.repository = repository;
    this.idempotency = idempotency;
    this.calendars = calendars;
    this.bus = bus;
    this.clock = clock;
    this.forecast = new PmForecast(repository, this::calendar, clock);
  }

  @Override
  public Future<JsonObject> list(Actor actor, JsonObject query) {
    return repository.list(actor, query);
  }

  @Override
  public Future<JsonObject> get(Actor actor, String id) {
    return repository.find(actor, Params.pathId(id)).map(PmSchedule::json);
  }

  @Override
  public Future<JsonObject> create(Actor actor, CreateRequest request) {
    JsonObject fields = DEFAULTS.copy().mergeIn(request.body());
    PmTrigger trigger = checked(fields);
    return meter(actor, fields, trigger)
        .compose(ok -> checklistTemplate(actor, fields))
        .compose(ok -> site(actor, fields, fields.getString("site_id")))
        .compose(
            site -> {
              fields.put("site_id", site);
              return calendar(actor, site);
            })
        .compose(
            calendar -> {
              PmScheduleRepository.Plan plan =
                  PmPlanning.initial(trigger, calendar, policy(fields), clock.instant());
              return idempotency.create(
                  PmScheduleService.ADDRESS + ".create",
                  actor,
                  request,
                  client -> repository.insert(client, actor, fields, plan));
            })
        .onSuccess(created -> wakeGenerator());
  }

  @Override
  public Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body) {
    UUID scheduleId = Params.pathId(id);
    if (ifMatch == null) {
      throw new BusError(428, "precondition-required", "send If-Match with the version you change");
    }
    return repository
        .find(actor, scheduleId)
        .compose(current -> patch(actor, current, ifMatch, body))
        .onSuccess(changed -> wakeGenerator());
  }

  private Future<JsonObject> patch(Actor actor, PmSchedule current, int ifMatch, JsonObject body) {
    JsonObject before = current.json();
    JsonObject fields = new JsonObject();
    WRITABLE.forEach(field -> fields.put(field, before.getValue(field)));
    for (String field : body.fieldNames()) {
      if (!WRITABLE.contains(field)) {
        throw BusError.badRequest("/" + field, "cannot be changed");
      }
      Object value = body.getValue(field);
      // RFC 7396 inside the trigger too: its fields are merged, a null removes one.
      fields.put(
          field,
          "trigger".equals(field) && value instanceof JsonObject patch
              ? mergePatch(before.getJsonObject("trigger"), patch)
              : value);
    }
    PmTrigger trigger = checked(fields);
    boolean moved = body.containsKey("asset_id") || body.containsKey("site_id");
    String askedSite = body.containsKey("site_id") ? fields.getString("site_id") : null;
    Future<String> site =
        moved
            ? site(actor, fields, askedSite)
            : Future.succeededFuture(before.getString("site_id"));
    boolean resumed = before.getBoolean("paused") && !fields.getBoolean("paused");
    boolean replan =
        resumed
            || !Objects.equals(before.getValue("trigger"), fields.getValue("trigger"))
            || !Objects.equals(
                before.getValue("non_working_days"), fields.getValue("non_working_days"));
    return meter(actor, fields, trigger)
        .compose(
            ok ->
                body.containsKey("checklist_template_id")
                    ? checklistTemplate(actor, fields)
                    : Future.<Void>succeededFuture())
        .compose(ok -> site)
        .compose(
            siteId -> {
              fields.put("site_id", siteId);
              boolean calendarChanged = !Objects.equals(siteId, before.getString("site_id"));
              if (!replan && !calendarChanged) {
                return repository.update(
                    actor,
                    current.id(),
                    ifMatch,
                    fields,
                    new PmScheduleRepository.Plan(planned(current), current.awaitingWorkOrderId()));
              }
              return calendar(actor, siteId)
                  .compose(
                      calendar -> {
                        PmScheduleRepository.Plan plan =
                            current.awaitingWorkOrderId() != null
                                    && trigger instanceof PmTrigger.AfterCompletion
                                // Still waiting for its work order: the next is planned on
                                // completion.
                                ? new PmScheduleRepository.Plan(null, current.awaitingWorkOrderId())
                                : PmPlanning.initial(
                                    trigger, calendar, policy(fields), clock.instant());
                        return repository.update(actor, current.id(), ifMatch, fields, plan);
                      });
            });
  }

  /** The schedule's planned next occurrence as stored. */
  private static Occurrence planned(PmSchedule schedule) {
    String due = schedule.json().getString("next_due_at");
    return schedule.nextOccurrenceAt() == null || due == null
        ? null
        : new Occurrence(schedule.nextOccurrenceAt(), Instant.parse(due));
  }

  private static JsonObject mergePatch(JsonObject target, JsonObject patch) {
    JsonObject merged = target == null ? new JsonObject() : target.copy();
    for (String key : patch.fieldNames()) {
      if (patch.getValue(key) == null) {
        merged.remove(key);
      } else {
        merged.put(key, patch.getValue(key));
      }
    }
    return merged;
  }

  @Override
  public Future<JsonObject> delete(Actor actor, String id, Integer ifMatch) {
    return repository.delete(actor, Params.pathId(id), ifMatch);
  }

  @Override
  public Future<JsonObject> occurrences(Actor actor, String id, JsonObject query) {
    return forecast.occurrences(actor, Params.pathId(id), query);
  }

  /** The trigger of {@code fields}, checked; a bad one fails the request before anything else. */
  private static PmTrigger checked(JsonObject fields) {
    JsonObject trigger = fields.getJsonObject("trigger");
    if (trigger == null) {
      throw BusError.badRequest("/trigger", "is required");
    }
    return PmTrigger.parse(trigger);
  }

  /**
   * A meter trigger's meter: one of the organization's that the caller may see, of the kind its
   * bound takes (a counter counts {@code every} N units; a gauge is watched {@code above} or {@code
   * below} a value). A trigger on the wrong kind would never fire.
   */
  private Future<Void> meter(Actor actor, JsonObject fields, PmTrigger trigger) {
    if (!(trigger instanceof PmTrigger.Meter meter)) {
      return Future.succeededFuture();
    }
    String wanted = fields.getJsonObject("trigger").getValue("every") != null ? "counter" : "gauge";
    return repository
        .meter(actor, meter.meterId())
        .compose(
            found -> {
              if (!wanted.equals(found.getString("kind"))) {
                throw BusError.unprocessable(
                    "/trigger",
                    "meter "
                        + meter.meterId()
                        + " is a "
                        + found.getString("kind")
                        + ": a counter takes every, a gauge above or below");
              }
              String siteId = found.getString("site_id");
              if (!actor.siteScoped() || siteId == null) {
                return Future.<Void>succeededFuture();
              }
              return repository
                  .siteVisible(actor, UUID.fromString(siteId))
                  .map(
                      visible -> {
                        if (!visible) {
                          throw BusError.unprocessable(
                              "/trigger/meter_id", "refers to no meter of this organization");
                        }
                        return null;
                      });
            });
  }

  private Future<Void> checklistTemplate(Actor actor, JsonObject fields) {
    return repository.checkChecklistTemplate(
        actor, Params.uuid(fields.getString("checklist_template_id"), "/checklist_template_id"));
  }

  private static NonWorkingDays policy(JsonObject fields) {
    return NonWorkingDays.fromWire(fields.getString("non_working_days"))
        .orElseThrow(
            () ->
                BusError.badRequest(
                    "/non_working_days",
                    "must be one of keep, skip, next_working_day, previous_working_day"));
  }

  /**
   * The site of the schedule: its asset's when it has one ({@code asked}, if given, must be that
   * one), else {@code asked}. A caller limited to sites may only name one of theirs.
   */
  private Future<String> site(Actor actor, JsonObject fields, String asked) {
    String assetId = fields.getString("asset_id");
    Future<String> site =
        assetId == null
            ? Future.succeededFuture(asked)
            : repository
                .assetSite(actor, Params.uuid(assetId, "/asset_id"))
                .map(
                    assetSite -> {
                      if (asked != null && !asked.equals(assetSite)) {
                        throw BusError.unprocessable(
                            "/site_id", "must be the site of the asset (or be left out)");
                      }
                      return assetSite;
                    });
    if (!actor.siteScoped()) {
      return site;
    }
    return site.compose(
        siteId ->
            repository
                .siteVisible(actor, Params.uuid(siteId, "/site_id"))
                .map(
                    visible -> {
                      if (!visible) {
                        throw BusError.unprocessable(
                            assetId == null ? "/site_id" : "/asset_id",
                            "refers to nothing that exists in this organization");
                      }
                      return siteId;
                    }));
  }

  /** The calendar of {@code siteId} (null: the organization's); an unknown site is a 422. */
  Future<PmCalendar> calendar(Actor actor, String siteId) {
    return calendars
        .calendar(actor, siteId)
        .map(PmCalendar::fromJson)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof ReplyException reply && reply.failureCode() == 404
                        ? BusError.unprocessable(
                            "/site_id", "refers to nothing that exists in this organization")
                        : e));
  }

  private void wakeGenerator() {
    bus.send(PmGenerator.WAKE, new JsonObject());
  }
}
