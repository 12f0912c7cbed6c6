package dev.wrench.pm;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import dev.wrench.store.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The occurrences of one schedule in a window: the recorded ones (generated, skipped, due) as the
 * database has them, and the planned ones computed from the trigger. Writes nothing.
 */
final class PmForecast {

  static final Duration MAX_WINDOW = Duration.ofDays(366);
  private static final Duration DEFAULT_WINDOW = Duration.ofDays(90);

  private final PmScheduleRepository repository;
  private final BiFunction<Actor, String, Future<PmCalendar>> calendars;
  private final Clock clock;

  PmForecast(
      PmScheduleRepository repository,
      BiFunction<Actor, String, Future<PmCalendar>> calendars,
      Clock clock) {
    this.repository = repository;
    this.calendars = calendars;
    this.clock = clock;
  }

  Future<JsonObject> occurrences(Actor actor, UUID id, JsonObject query) {
    OffsetDateTime fromParam = Params.time(query.getString("from"), "/query/from");
    Instant from = fromParam == null ? clock.instant() : fromParam.toInstant();
    OffsetDateTime toParam = Params.time(query.getString("to"), "/query/to");
    Instant to = toParam == null ? from.plus(DEFAULT_WINDOW) : toParam.toInstant();
    if (!to.isAfter(from)) {
      throw BusError.unprocessable("/query/to", "must be after from");
    }
    if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
      throw BusError.unprocessable("/query/to", "must be at most 366 days after from");
    }
    return repository
        .find(actor, id)
        .compose(
            schedule ->
                repository
                    .recorded(actor, id, from, to)
                    .compose(
                        recorded ->
                            planned(actor, schedule, from, to)
                                .map(planned -> merge(recorded, planned))));
  }

  private Future<List<Occurrence>> planned(
      Actor actor, PmSchedule schedule, Instant from, Instant to) {
    Instant next = schedule.nextOccurrenceAt();
    if (next == null || !next.isBefore(to)) {
      return Future.succeededFuture(List.of());
    }
    PmTrigger trigger = PmTrigger.parse(schedule.trigger());
    if (!(trigger instanceof PmTrigger.Calendar rule)) {
      // after_completion: only the next one is known before its predecessor is completed.
      Instant due = Instant.parse(schedule.json().getString("next_due_at"));
      return Future.succeededFuture(
          next.isBefore(from) ? List.of() : List.of(new Occurrence(next, due)));
    }
    // Occurrences before the next one were recorded (or came before the schedule did).
    Instant start = next.isAfter(from) ? next : from;
    return calendars
        .apply(actor, schedule.siteId())
        .map(calendar -> Occurrences.of(rule, calendar, schedule.policy()).between(start, to));
  }

  private static JsonObject merge(JsonArray recorded, List<Occurrence> planned) {
    List<JsonObject> items = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (int i = 0; i < recorded.size(); i++) {
      JsonObject item = recorded.getJsonObject(i);
      known.add(item.getString("occurrence_at"));
      items.add(item);
    }
    for (Occurrence occurrence : planned) {
      String at = Rows.format(PmScheduleRepository.time(occurrence.occurrenceAt()));
      // A recorded occurrence is what happened; the plan only fills in the rest.
      if (known.add(at)) {
        items.add(
            new JsonObject()
                .put("occurrence_at", at)
                .put("due_at", Rows.format(PmScheduleRepository.time(occurrence.dueAt())))
                .put("status", "planned")
                .putNull("work_order_id"));
      }
    }
    items.sort(Comparator.comparing(item -> Instant.parse(item.getString("occurrence_at"))));
    return new JsonObject().put("items", new JsonArray(new ArrayList<>(items)));
  }
}
