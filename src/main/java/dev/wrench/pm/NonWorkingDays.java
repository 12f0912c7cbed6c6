package dev.wrench.pm;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;

/** What becomes of an occurrence that falls on a day off of the schedule's calendar. */
public enum NonWorkingDays {
  KEEP,
  SKIP,
  NEXT_WORKING_DAY,
  PREVIOUS_WORKING_DAY;

  // A calendar with no working day at all would move an occurrence forever: past a year of days
  // off the occurrence is kept where it was.
  private static final int MAX_DAYS_MOVED = 366;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The policy named {@code wire}, or empty for an unknown name. */
  public static Optional<NonWorkingDays> fromWire(String wire) {
    for (NonWorkingDays policy : values()) {
      if (policy.wire().equals(wire)) {
        return Optional.of(policy);
      }
    }
    return Optional.empty();
  }

  /**
   * When {@code scheduled} is due under this policy: itself on a working day or under {@code keep};
   * empty under {@code skip}; else the same local time on the nearest working day after or before.
   */
  public Optional<ZonedDateTime> apply(ZonedDateTime scheduled, PmCalendar calendar) {
    if (this == KEEP || calendar.isWorkingDay(scheduled.toLocalDate())) {
      return Optional.of(scheduled);
    }
    if (this == SKIP) {
      return Optional.empty();
    }
    int step = this == NEXT_WORKING_DAY ? 1 : -1;
    LocalDate day = scheduled.toLocalDate();
    for (int moved = 1; moved <= MAX_DAYS_MOVED; moved++) {
      day = day.plusDays(step);
      if (calendar.isWorkingDay(day)) {
        // The local wall-clock time is kept on the new day (resolved again for that day's offset).
        return Optional.of(
            ZonedDateTime.ofLocal(
                day.atTime(scheduled.toLocalTime()), scheduled.getZone(), scheduled.getOffset()));
      }
    }
    return Optional.of(scheduled);
  }
}
