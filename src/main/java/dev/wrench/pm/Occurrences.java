package dev.wrench.pm;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The occurrence arithmetic of a calendar schedule, without I/O: the rule's local times resolved in
 * the schedule's zone (a local time in a DST gap moves forward by the gap, one in an overlap takes
 * the earlier offset), then moved or dropped by the non-working-day policy.
 */
public final class Occurrences {

  /**
   * How far any one walk goes: a daily rule for 270 years. A walk longer than that is a rule whose
   * occurrences are mostly dropped (say, every 29 February on a calendar without Thursdays).
   */
  static final int MAX_STEPS = 100_000;

  /**
   * How long before the instant asked about a walk starts: an occurrence on a weekend may be due on
   * the next Monday (next_working_day), and time zones shift local times by up to a day.
   */
  private static final Duration LOOK_BEHIND = Duration.ofDays(16);

  private final CalendarRule rule;
  private final LocalDateTime start;
  private final ZoneId zone;
  private final PmCalendar calendar;
  private final NonWorkingDays policy;

  public Occurrences(
      CalendarRule rule,
      LocalDateTime start,
      ZoneId zone,
      PmCalendar calendar,
      NonWorkingDays policy) {
    this.rule = rule;
    this.start = start;
    this.zone = zone;
    this.calendar = calendar;
    this.policy = policy;
  }

  /** A calendar trigger's occurrences; its zone, when it names none, is the calendar's. */
  public static Occurrences of(
      PmTrigger.Calendar trigger, PmCalendar calendar, NonWorkingDays policy) {
    ZoneId zone = trigger.zone() == null ? calendar.zone() : trigger.zone();
    return new Occurrences(trigger.rule(), trigger.start(), zone, calendar, policy);
  }

  /** The occurrences scheduled at or after {@code from}, in order. */
  public Iterator<Occurrence> from(Instant from) {
    LocalDateTime localFrom = LocalDateTime.ofInstant(from, zone).minusDays(1);
    Iterator<LocalDateTime> locals =
        rule.localTimes(start, localFrom.isAfter(start) ? localFrom : start);
    return new Iterator<>() {
      private Occurrence next = advance();

      private Occurrence advance() {
        for (int step = 0; step < MAX_STEPS && locals.hasNext(); step++) {
          LocalDateTime local = locals.next();
          ZonedDateTime scheduled = ZonedDateTime.ofLocal(local, zone, null);
          Instant at = scheduled.toInstant();
          if (rule.beyondUntil(local, at)) {
            return null;
          }
          if (at.isBefore(from)) {
            continue;
          }
          Optional<ZonedDateTime> due = policy.apply(scheduled, calendar);
          if (due.isPresent()) {
            return new Occurrence(at, due.get().toInstant());
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Occurrence next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Occurrence current = next;
        next = advance();
        return current;
      }
    };
  }

  /** The occurrences scheduled in [{@code from}, {@code to}), in order. */
  public List<Occurrence> between(Instant from, Instant to) {
    List<Occurrence> found = new ArrayList<>();
    Iterator<Occurrence> all = from(from);
    while (all.hasNext()) {
      Occurrence occurrence = all.next();
      if (!occurrence.occurrenceAt().isBefore(to)) {
        break;
      }
      found.add(occurrence);
    }
    return found;
  }

  /**
   * The first occurrence due at or after {@code now}: where a new schedule, or a resumed one,
   * starts (what was due before is not back-filled).
   */
  public Optional<Occurrence> firstDueFrom(Instant now) {
    Iterator<Occurrence> all = from(now.minus(LOOK_BEHIND));
    while (all.hasNext()) {
      Occurrence occurrence = all.next();
      if (!occurrence.dueAt().isBefore(now)) {
        return Optional.of(occurrence);
      }
    }
    return Optional.empty();
  }

  /**
   * The occurrence of an {@code after_completion} schedule that begins at {@code base}: {@code
   * days} later at the same local time of {@code zone}, on a working day by {@code policy} (whose
   * {@code skip} waits for the next working day: dropping it would end the schedule).
   */
  public static Occurrence afterInterval(
      Instant base, int days, ZoneId zone, PmCalendar calendar, NonWorkingDays policy) {
    ZonedDateTime scheduled = base.atZone(zone).plusDays(days);
    return onWorkingDay(scheduled, calendar, policy);
  }

  /**
   * The first occurrence of an {@code after_completion} schedule: its local start in {@code zone}.
   */
  public static Occurrence first(
      LocalDateTime start, ZoneId zone, PmCalendar calendar, NonWorkingDays policy) {
    return onWorkingDay(ZonedDateTime.ofLocal(start, zone, null), calendar, policy);
  }

  private static Occurrence onWorkingDay(
      ZonedDateTime scheduled, PmCalendar calendar, NonWorkingDays policy) {
    NonWorkingDays effective =
        policy == NonWorkingDays.SKIP ? NonWorkingDays.NEXT_WORKING_DAY : policy;
    ZonedDateTime due = effective.apply(scheduled, calendar).orElse(scheduled);
    return new Occurrence(scheduled.toInstant(), due.toInstant());
  }
}
