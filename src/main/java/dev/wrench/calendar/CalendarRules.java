package dev.wrench.calendar;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.TreeSet;

/**
 * The rules of calendars, free of I/O: what a valid time zone, currency, working week and holiday
 * list are, the defaults, and how a site's overrides merge over the organization's settings.
 */
public final class CalendarRules {

  /** The days of the week as the API names them, Monday first. */
  public static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  public static final String DEFAULT_TIME_ZONE = "UTC";
  public static final String DEFAULT_CURRENCY = "USD";
  public static final List<String> DEFAULT_WORKING_DAYS = DAYS.subList(0, 5);

  private CalendarRules() {}

  /**
   * {@code value} when it is an IANA zone id the JDK knows ({@code Europe/Berlin}, {@code UTC}); an
   * offset such as {@code +02:00} is not a time zone (it has no DST rules).
   */
  public static String timeZone(String value, String pointer) {
    if (value == null || !ZoneId.getAvailableZoneIds().contains(value)) {
      throw BusError.badRequest(pointer, "must be an IANA time zone such as Europe/Berlin");
    }
    try {
      ZoneId.of(value);
    } catch (DateTimeException e) {
      throw BusError.badRequest(pointer, "must be an IANA time zone such as Europe/Berlin");
    }
    return value;
  }

  /** {@code value} when it is an ISO 4217 currency code ({@code EUR}). */
  public static String currency(String value, String pointer) {
    if (value == null || !value.matches("[A-Z]{3}")) {
      throw BusError.badRequest(pointer, "must be an ISO 4217 currency code such as EUR");
    }
    try {
      Currency.getInstance(value);
    } catch (IllegalArgumentException e) {
      throw BusError.badRequest(pointer, "must be an ISO 4217 currency code such as EUR");
    }
    return value;
  }

  /**
   * The working days, each once, in week order. At least one: a week without working days would
   * leave "move to the next working day" nowhere to go.
   */
  public static String[] workingDays(JsonArray value, String pointer) {
    if (value == null || value.isEmpty()) {
      throw BusError.badRequest(pointer, "must name at least one day");
    }
    TreeSet<Integer> days = new TreeSet<>();
    for (int i = 0; i < value.size(); i++) {
      Object day = value.getValue(i);
      int index = day instanceof String name ? DAYS.indexOf(name) : -1;
      if (index < 0) {
        throw BusError.badRequest(pointer + "/" + i, "must be one of " + DAYS);
      }
      days.add(index);
    }
    return days.stream().map(DAYS::get).toArray(String[]::new);
  }

  /** The holidays as dates ({@code 2026-12-25}), each once, in order. */
  public static LocalDate[] holidays(JsonArray value, String pointer) {
    if (value == null) {
      throw BusError.badRequest(pointer, "must be a list of dates");
    }
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (int i = 0; i < value.size(); i++) {
      Object date = value.getValue(i);
      try {
        if (!(date instanceof String text) || !text.matches("\\d{4}-\\d{2}-\\d{2}")) {
          throw new DateTimeException("not a date");
        }
        dates.add(LocalDate.parse(text));
      } catch (DateTimeException e) {
        throw BusError.badRequest(pointer + "/" + i, "must be a date such as 2026-12-25");
      }
    }
    return dates.toArray(LocalDate[]::new);
  }

  /**
   * The effective calendar: each field of {@code site} that is set (not null) over the same field
   * of {@code organization}, else the default. Either may be null (no settings row, no site).
   */
  public static JsonObject effective(JsonObject organization, JsonObject site) {
    JsonObject org = organization == null ? new JsonObject() : organization;
    JsonObject own = site == null ? new JsonObject() : site;
    return new JsonObject()
        .put("time_zone", pick(own, org, "time_zone", DEFAULT_TIME_ZONE))
        .put("working_days", pick(own, org, "working_days", new JsonArray(DEFAULT_WORKING_DAYS)))
        .put("holidays", pick(own, org, "holidays", new JsonArray()));
  }

  private static Object pick(JsonObject site, JsonObject org, String field, Object fallback) {
    Object value = site.getValue(field);
    if (value == null) {
      value = org.getValue(field);
    }
    return value == null ? fallback : value;
  }
}
