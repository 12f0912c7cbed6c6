package dev.wrench.labor;

import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * The times of a new time entry from its body, free of I/O: a timer (neither {@code ended_at} nor
 * {@code minutes}: it runs from {@code started_at}, now by default) or a manual entry ({@code
 * started_at} with {@code ended_at} or {@code minutes}). No time may lie in the future.
 */
final class TimeEntryInput {

  /** {@code minutes} and {@code endedAt} are null for a running timer. */
  record Entry(OffsetDateTime startedAt, OffsetDateTime endedAt, Long minutes) {}

  private TimeEntryInput() {}

  static Entry of(JsonObject body, OffsetDateTime now) {
    OffsetDateTime startedAt = time(body, "started_at", now);
    OffsetDateTime endedAt = time(body, "ended_at", now);
    Integer minutes = body.getInteger("minutes");
    if (endedAt != null && minutes != null) {
      throw BusError.badRequest("/minutes", "give ended_at or minutes, not both");
    }
    if (startedAt == null) {
      if (endedAt != null || minutes != null) {
        throw BusError.badRequest("/started_at", "a manual entry needs started_at");
      }
      return new Entry(now, null, null);
    }
    if (endedAt != null) {
      return new Entry(
          startedAt, endedAt, LaborRules.minutesBetween(startedAt, endedAt, "/ended_at"));
    }
    if (minutes != null) {
      OffsetDateTime end = startedAt.plusMinutes(minutes);
      if (end.isAfter(now)) {
        throw BusError.badRequest("/minutes", "the entry would end in the future");
      }
      return new Entry(startedAt, end, minutes.longValue());
    }
    return new Entry(startedAt, null, null);
  }

  /** When a stop ends its timer: {@code ended_at} of the body, or now. */
  static OffsetDateTime endedAt(JsonObject body, OffsetDateTime now) {
    OffsetDateTime endedAt = time(body, "ended_at", now);
    return endedAt == null ? now : endedAt;
  }

  private static OffsetDateTime time(JsonObject body, String field, OffsetDateTime now) {
    OffsetDateTime time = Params.time(body.getString(field), "/" + field);
    if (time != null && time.isAfter(now)) {
      throw BusError.badRequest("/" + field, "must not be in the future");
    }
    return time;
  }
}
