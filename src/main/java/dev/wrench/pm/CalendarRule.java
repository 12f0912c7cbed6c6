package dev.wrench.pm;

import dev.wrench.core.BusError;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.Freq;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * An RFC 5545 recurrence rule, expanded by lib-recur in floating (local) time: the schedule's
 * occurrences are wall-clock times of its zone, which {@link Occurrences} resolves one by one, so a
 * DST change moves the instant and keeps the local time.
 *
 * <p>UNTIL is taken out of the rule and applied here: a rule may give it in UTC ({@code Z}), as a
 * local time or as a date, while the floating iteration can only compare like with like.
 */
public final class CalendarRule {

  /**
   * Rules more frequent than daily would flood the work order list (and the catch-up with skipped
   * rows): preventive maintenance is planned in days.
   */
  private static final Set<Freq> ALLOWED =
      EnumSet.of(Freq.DAILY, Freq.WEEKLY, Freq.MONTHLY, Freq.YEARLY);

  private final String text;
  private final LocalDateTime untilLocal;
  private final Instant untilInstant;

  private CalendarRule(String text, LocalDateTime untilLocal, Instant untilInstant) {
    this.text = text;
    this.untilLocal = untilLocal;
    this.untilInstant = untilInstant;
  }

  /** The rule in {@code text} ({@code FREQ=WEEKLY;BYDAY=MO}, an {@code RRULE:} prefix allowed). */
  public static CalendarRule parse(String text) {
    String rule = text.strip();
    if (rule.toUpperCase(Locale.ROOT).startsWith("RRULE:")) {
      rule = rule.substring("RRULE:".length());
    }
    RecurrenceRule parsed = parseStrictly(rule);
    if (!ALLOWED.contains(parsed.getFreq())) {
      throw BusError.unprocessable(
          "/trigger/rrule",
          "FREQ="
              + parsed.getFreq()
              + " is more frequent than preventive maintenance is planned:"
              + " use DAILY, WEEKLY, MONTHLY or YEARLY");
    }
    DateTime until = parsed.getUntil();
    LocalDateTime untilLocal = null;
    Instant untilInstant = null;
    if (until != null) {
      if (until.isAllDay()) {
        // A date: every occurrence of that (local) day still counts.
        untilLocal = local(until).toLocalDate().atTime(LocalTime.MAX);
      } else if (until.isFloating()) {
        untilLocal = local(until);
      } else {
        untilInstant = Instant.ofEpochMilli(until.getTimestamp());
      }
    }
    return new CalendarRule(rule, untilLocal, untilInstant);
  }

  private static RecurrenceRule parseStrictly(String rule) {
    try {
      return new RecurrenceRule(rule, RecurrenceRule.RfcMode.RFC5545_STRICT);
    } catch (InvalidRecurrenceRuleException | IllegalArgumentException e) {
      throw BusError.unprocessable(
          "/trigger/rrule",
          "is not a valid RFC 5545 recurrence rule (" + e.getMessage() + "): " + rule);
    } catch (RuntimeException e) {
      // The library refuses some malformed parts with other unchecked exceptions.
      throw BusError.unprocessable(
          "/trigger/rrule", "is not a valid RFC 5545 recurrence rule: " + rule);
    }
  }

  /** The rule as given (without a prefix). */
  public String text() {
    return text;
  }

  /** Whether an occurrence at {@code local}, which is {@code instant}, is past UNTIL. */
  boolean beyondUntil(LocalDateTime local, Instant instant) {
    return (untilLocal != null && local.isAfter(untilLocal))
        || (untilInstant != null && instant.isAfter(untilInstant));
  }

  /**
   * The local times of the rule from {@code start}, skipping those before {@code from} (the first
   * counts toward COUNT all the same), in order; UNTIL is the caller's ({@link #beyondUntil}).
   */
  Iterator<LocalDateTime> localTimes(LocalDateTime start, LocalDateTime from) {
    RecurrenceRule rule = parseStrictly(text);
    // UNTIL is applied by beyondUntil; the floating iteration must not compare it itself.
    // (Removing UNTIL also removes COUNT, which RFC 5545 does not allow beside it.)
    if (rule.getUntil() != null) {
      rule.setUntil(null);
    }
    RecurrenceRuleIterator iterator = rule.iterator(floating(start));
    if (from.isAfter(start)) {
      iterator.fastForward(floating(from));
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public LocalDateTime next() {
        if (!iterator.hasNext()) {
          throw new NoSuchElementException();
        }
        return local(iterator.nextDateTime());
      }
    };
  }

  private static DateTime floating(LocalDateTime local) {
    return new DateTime(
        local.getYear(),
        local.getMonthValue() - 1,
        local.getDayOfMonth(),
        local.getHour(),
        local.getMinute(),
        local.getSecond());
  }

  private static LocalDateTime local(DateTime time) {
    if (time.isAllDay()) {
      return LocalDateTime.of(time.getYear(), time.getMonth() + 1, time.getDayOfMonth(), 0, 0);
    }
    DateTime wall = time.isFloating() ? time : time.shiftTimeZone(DateTime.UTC);
    return LocalDateTime.of(
        wall.getYear(),
        wall.getMonth() + 1,
        wall.getDayOfMonth(),
        wall.getHours(),
        wall.getMinutes(),
        wall.getSeconds());
  }
}
