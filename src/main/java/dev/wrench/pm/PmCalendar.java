package dev.wrench.pm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The calendar a schedule's occurrences follow: the time zone its local times are in, its working
 * days and its holidays (a site's, else its organization's: the calendar service decides which).
 */
public record PmCalendar(ZoneId zone, Set<DayOfWeek> workingDays, Set<LocalDate> holidays) {

  /** The organization defaults of docs/domain.md: UTC, Monday to Friday, no holidays. */
  public static final PmCalendar DEFAULT =
      new PmCalendar(ZoneOffset.UTC, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Set.of());

  private static final Map<String, DayOfWeek> DAYS =
      Map.of(
          "mon", DayOfWeek.MONDAY,
          "tue", DayOfWeek.TUESDAY,
          "wed", DayOfWeek.WEDNESDAY,
          "thu", DayOfWeek.THURSDAY,
          "fri", DayOfWeek.FRIDAY,
          "sat", DayOfWeek.SATURDAY,
          "sun", DayOfWeek.SUNDAY);

  public PmCalendar {
    workingDays = workingDays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(workingDays));
    holidays = Set.copyOf(holidays);
  }

  /**
   * The calendar service's answer ({@code {"time_zone", "working_days": ["mon", …], "holidays":
   * ["2026-12-25", …]}}); a missing field takes the default's value.
   */
  public static PmCalendar fromJson(JsonObject json) {
    ZoneId zone = DEFAULT.zone();
    String timeZone = json.getString("time_zone");
    if (timeZone != null) {
      try {
        zone = ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        // A stored zone the JVM does not know: the occurrences fall back to UTC rather than stop.
        zone = DEFAULT.zone();
      }
    }
    Set<DayOfWeek> working = DEFAULT.workingDays();
    JsonArray days = json.getJsonArray("working_days");
    if (days != null) {
      working = new HashSet<>();
      for (Object day : days) {
        DayOfWeek parsed = DAYS.get(String.valueOf(day).toLowerCase(Locale.ROOT));
        if (parsed != null) {
          working.add(parsed);
        }
      }
    }
    Set<LocalDate> off = new HashSet<>();
    JsonArray holidays = json.getJsonArray("holidays");
    if (holidays != null) {
      for (Object day : holidays) {
        off.add(LocalDate.parse(String.valueOf(day)));
      }
    }
    return new PmCalendar(zone, working, off);
  }

  public boolean isWorkingDay(LocalDate date) {
    return workingDays.contains(date.getDayOfWeek()) && !holidays.contains(date);
  }
}
