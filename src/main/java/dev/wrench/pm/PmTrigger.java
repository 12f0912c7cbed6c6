package dev.wrench.pm;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * What makes a schedule come due (docs/domain.md, "Preventive maintenance"): a recurrence rule, an
 * interval after the previous work order's completion, or a meter (whose readings record the
 * occurrences). Parsed from the schedule's {@code trigger}; a trigger that cannot work is {@code
 * 422} with the field it is about.
 */
public sealed interface PmTrigger {

  /** The largest interval after completion: ten years. */
  int MAX_INTERVAL_DAYS = 3650;

  String type();

  /** The local start and its zone (null: the calendar's). */
  record Calendar(CalendarRule rule, LocalDateTime start, ZoneId zone) implements PmTrigger {
    @Override
    public String type() {
      return "calendar";
    }
  }

  /**
   * The first from {@code start} (null: at once), the next {@code intervalDays} after completion.
   */
  record AfterCompletion(int intervalDays, LocalDateTime start, ZoneId zone) implements PmTrigger {
    @Override
    public String type() {
      return "after_completion";
    }
  }

  /** Generated from the meter's readings (by the meters part); nothing to compute here. */
  record Meter(UUID meterId) implements PmTrigger {
    @Override
    public String type() {
      return "meter";
    }
  }

  static PmTrigger parse(JsonObject trigger) {
    String type = trigger.getString("type");
    if (type == null) {
      throw BusError.badRequest("/trigger/type", "is required");
    }
    return switch (type) {
      case "calendar" ->
          new Calendar(
              CalendarRule.parse(required(trigger, "rrule")),
              localTime(required(trigger, "start"), "/trigger/start"),
              zone(trigger.getString("time_zone")));
      case "after_completion" -> afterCompletion(trigger);
      case "meter" -> meter(trigger);
      default ->
          throw BusError.badRequest(
              "/trigger/type", "must be one of calendar, after_completion, meter");
    };
  }

  private static AfterCompletion afterCompletion(JsonObject trigger) {
    Object days = trigger.getValue("interval_days");
    if (!(days instanceof Number number)
        || number.doubleValue() != Math.floor(number.doubleValue())
        || number.intValue() < 1
        || number.intValue() > MAX_INTERVAL_DAYS) {
      throw BusError.unprocessable(
          "/trigger/interval_days",
          "must be a whole number of days from 1 to " + MAX_INTERVAL_DAYS);
    }
    String start = trigger.getString("start");
    return new AfterCompletion(
        number.intValue(),
        start == null ? null : localTime(start, "/trigger/start"),
        zone(trigger.getString("time_zone")));
  }

  private static Meter meter(JsonObject trigger) {
    String meterId = required(trigger, "meter_id");
    UUID id;
    try {
      id = UUID.fromString(meterId);
    } catch (IllegalArgumentException e) {
      throw BusError.badRequest("/trigger/meter_id", "must be a UUID");
    }
    int given = 0;
    for (String bound : new String[] {"every", "above", "below"}) {
      Object value = trigger.getValue(bound);
      if (value == null) {
        continue;
      }
      given++;
      BigDecimal parsed = decimal(value, "/trigger/" + bound);
      if ("every".equals(bound) && parsed.signum() <= 0) {
        throw BusError.unprocessable("/trigger/every", "must be greater than zero");
      }
    }
    if (given != 1) {
      throw BusError.unprocessable(
          "/trigger", "a meter trigger takes exactly one of every, above, below");
    }
    return new Meter(id);
  }

  private static BigDecimal decimal(Object value, String pointer) {
    if (!(value instanceof String text)) {
      throw BusError.badRequest(pointer, "must be a decimal string, like \"500\"");
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw BusError.badRequest(pointer, "must be a decimal string, like \"500\"");
    }
  }

  private static String required(JsonObject trigger, String field) {
    Object value = trigger.getValue(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw BusError.badRequest("/trigger/" + field, "is required");
    }
    return text;
  }

  /** A local date-time without offset, as {@code 2026-12-07T08:00:00}. */
  static LocalDateTime localTime(String value, String pointer) {
    try {
      return LocalDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw BusError.unprocessable(
          pointer, "must be a local date-time without offset, like 2026-12-07T08:00:00");
    }
  }

  /** An IANA time zone name, or null when none is given. */
  static ZoneId zone(String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw BusError.unprocessable(
          "/trigger/time_zone", "is not a known IANA time zone (like Europe/Berlin): " + value);
    }
  }
}
