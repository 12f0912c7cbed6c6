package dev.wrench.pm;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Where a schedule's generation starts, without I/O: for a new schedule, a changed trigger or
 * calendar, and a resumed one. What was due before {@code now} is not back-filled.
 */
final class PmPlanning {

  private PmPlanning() {}

  static PmScheduleRepository.Plan initial(
      PmTrigger trigger, PmCalendar calendar, NonWorkingDays policy, Instant now) {
    if (trigger instanceof PmTrigger.Calendar rule) {
      return new PmScheduleRepository.Plan(
          Occurrences.of(rule, calendar, policy).firstDueFrom(now).orElse(null), null);
    }
    if (trigger instanceof PmTrigger.AfterCompletion interval) {
      ZoneId zone = zone(interval.zone(), calendar);
      LocalDateTime start =
          interval.start() == null ? LocalDateTime.ofInstant(now, zone) : interval.start();
      // The first is due at its start, even one in the past: a single work order, at once.
      return new PmScheduleRepository.Plan(Occurrences.first(start, zone, calendar, policy), null);
    }
    // A meter schedule's occurrences come from its readings.
    return new PmScheduleRepository.Plan(null, null);
  }

  /**
   * The next occurrence of an after_completion schedule whose work order was completed at {@code
   * at}.
   */
  static Occurrence afterCompletion(
      PmTrigger.AfterCompletion interval, PmCalendar calendar, NonWorkingDays policy, Instant at) {
    return Occurrences.afterInterval(
        at, interval.intervalDays(), zone(interval.zone(), calendar), calendar, policy);
  }

  static ZoneId zone(ZoneId given, PmCalendar calendar) {
    return given == null ? calendar.zone() : given;
  }
}
