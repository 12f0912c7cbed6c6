package dev.wrench.pm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatchUpTest {

  private static final Occurrences DAILY_AT_EIGHT =
      new Occurrences(
          CalendarRule.parse("FREQ=DAILY"),
          LocalDateTime.parse("2027-01-01T08:00:00"),
          ZoneOffset.UTC,
          new PmCalendar(ZoneOffset.UTC, EnumSet.allOf(DayOfWeek.class), Set.of()),
          NonWorkingDays.KEEP);

  private static Instant day(int day) {
    return Instant.parse(String.format("2027-01-%02dT08:00:00Z", day));
  }

  @Test
  void missedOccurrencesBeyondTheLimitAreSkippedAndTheNewestGeneratedFirst() {
    CatchUp.Plan plan =
        CatchUp.plan(DAILY_AT_EIGHT.from(day(1)), Instant.parse("2027-01-10T09:00:00Z"), 0, 3);
    assertThat(plan.generate())
        .extracting(Occurrence::occurrenceAt)
        .containsExactly(day(10), day(9), day(8));
    assertThat(plan.skip()).extracting(Occurrence::occurrenceAt).hasSize(7).startsWith(day(1));
    assertThat(plan.next().occurrenceAt()).isEqualTo(day(11));
  }

  @Test
  void occurrencesInTheLeadTimeAreAllGeneratedAndNotCountedAsMissed() {
    CatchUp.Plan plan =
        CatchUp.plan(DAILY_AT_EIGHT.from(day(5)), Instant.parse("2027-01-05T07:00:00Z"), 7, 3);
    // Due by 12 January 07:00 (now plus the lead time): the 5th to the 11th.
    assertThat(plan.generate()).hasSize(7);
    assertThat(plan.skip()).isEmpty();
    assertThat(plan.next().occurrenceAt()).isEqualTo(day(12));
  }

  @Test
  void nothingIsDueBeforeTheLeadTime() {
    CatchUp.Plan plan =
        CatchUp.plan(DAILY_AT_EIGHT.from(day(5)), Instant.parse("2027-01-03T07:59:00Z"), 2, 3);
    assertThat(plan.generate()).isEmpty();
    assertThat(plan.next().occurrenceAt()).isEqualTo(day(5));
  }
}
