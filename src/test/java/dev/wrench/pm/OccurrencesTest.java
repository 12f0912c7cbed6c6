package dev.wrench.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.core.BusError;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OccurrencesTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

  private static final PmCalendar EVERY_DAY =
      new PmCalendar(ZoneOffset.UTC, EnumSet.allOf(DayOfWeek.class), Set.of());

  private static Occurrences rule(String rrule, String start, ZoneId zone) {
    return new Occurrences(
        CalendarRule.parse(rrule),
        LocalDateTime.parse(start),
        zone,
        EVERY_DAY,
        NonWorkingDays.KEEP);
  }

  private static Occurrences rule(
      String rrule, String start, PmCalendar calendar, NonWorkingDays policy) {
    return new Occurrences(
        CalendarRule.parse(rrule), LocalDateTime.parse(start), ZoneOffset.UTC, calendar, policy);
  }

  private static List<Instant> at(Occurrences occurrences, String from, String to) {
    return occurrences.between(Instant.parse(from), Instant.parse(to)).stream()
        .map(Occurrence::occurrenceAt)
        .toList();
  }

  private static List<Instant> instants(String... values) {
    return java.util.Arrays.stream(values).map(Instant::parse).toList();
  }

  @Test
  void weeklyOnMondaysKeepsTheLocalTime() {
    Occurrences weekly = rule("FREQ=WEEKLY;BYDAY=MO", "2026-12-07T08:00:00", BERLIN);
    assertThat(at(weekly, "2026-12-01T00:00:00Z", "2026-12-22T00:00:00Z"))
        .containsExactlyElementsOf(
            instants("2026-12-07T07:00:00Z", "2026-12-14T07:00:00Z", "2026-12-21T07:00:00Z"));
  }

  @Test
  void monthlyOnTheLastFriday() {
    Occurrences lastFriday = rule("FREQ=MONTHLY;BYDAY=-1FR", "2027-01-01T09:00:00", ZoneOffset.UTC);
    assertThat(at(lastFriday, "2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z"))
        .containsExactlyElementsOf(
            instants("2027-01-29T09:00:00Z", "2027-02-26T09:00:00Z", "2027-03-26T09:00:00Z"));
  }

  @Test
  void yearlyByMonthAndDay() {
    Occurrences yearly =
        rule("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15", "2027-01-01T06:30:00", ZoneOffset.UTC);
    assertThat(at(yearly, "2027-01-01T00:00:00Z", "2030-01-01T00:00:00Z"))
        .containsExactlyElementsOf(
            instants("2027-03-15T06:30:00Z", "2028-03-15T06:30:00Z", "2029-03-15T06:30:00Z"));
  }

  @Test
  void intervalAndCountEndTheRuleEvenWhenAskedFromLater() {
    Occurrences counted =
        rule("FREQ=DAILY;INTERVAL=2;COUNT=4", "2027-01-01T08:00:00", ZoneOffset.UTC);
    assertThat(at(counted, "2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z"))
        .containsExactlyElementsOf(
            instants(
                "2027-01-01T08:00:00Z",
                "2027-01-03T08:00:00Z",
                "2027-01-05T08:00:00Z",
                "2027-01-07T08:00:00Z"));
    assertThat(at(counted, "2027-01-04T00:00:00Z", "2028-01-01T00:00:00Z"))
        .containsExactlyElementsOf(instants("2027-01-05T08:00:00Z", "2027-01-07T08:00:00Z"));
  }

  @Test
  void untilInUtcAsLocalTimeAndAsDateIsInclusive() {
    assertThat(
            at(
                rule("FREQ=DAILY;UNTIL=20270103T070000Z", "2027-01-01T08:00:00", BERLIN),
                "2027-01-01T00:00:00Z",
                "2028-01-01T00:00:00Z"))
        .hasSize(3);
    assertThat(
            at(
                rule("FREQ=DAILY;UNTIL=20270103T075959Z", "2027-01-01T08:00:00", ZoneOffset.UTC),
                "2027-01-01T00:00:00Z",
                "2028-01-01T00:00:00Z"))
        .hasSize(2);
    assertThat(
            at(
                rule("FREQ=DAILY;UNTIL=20270103", "2027-01-01T08:00:00", BERLIN),
                "2027-01-01T00:00:00Z",
                "2028-01-01T00:00:00Z"))
        .hasSize(3);
  }

  @Test
  void berlinKeepsEightOClockAcrossSpringForwardAndFallBack() {
    Occurrences daily = rule("FREQ=DAILY", "2027-03-27T08:00:00", BERLIN);
    assertThat(at(daily, "2027-03-27T00:00:00Z", "2027-03-29T00:00:00Z"))
        .containsExactlyElementsOf(instants("2027-03-27T07:00:00Z", "2027-03-28T06:00:00Z"));
    Occurrences autumn = rule("FREQ=DAILY", "2027-10-30T08:00:00", BERLIN);
    assertThat(at(autumn, "2027-10-30T00:00:00Z", "2027-11-01T00:00:00Z"))
        .containsExactlyElementsOf(instants("2027-10-30T06:00:00Z", "2027-10-31T07:00:00Z"));
  }

  @Test
  void aLocalTimeInTheGapMovesForwardAndOneInTheOverlapTakesTheEarlierOffset() {
    // New York springs forward at 02:00 on 14 March 2027: 02:30 does not exist that day.
    Occurrences gap = rule("FREQ=DAILY", "2027-03-13T02:30:00", NEW_YORK);
    assertThat(at(gap, "2027-03-13T00:00:00Z", "2027-03-16T00:00:00Z"))
        .containsExactlyElementsOf(
            instants("2027-03-13T07:30:00Z", "2027-03-14T07:30:00Z", "2027-03-15T06:30:00Z"));
    // It falls back at 02:00 on 7 November 2027: 01:30 happens twice, the first (EDT) counts.
    Occurrences overlap = rule("FREQ=DAILY", "2027-11-06T01:30:00", NEW_YORK);
    assertThat(at(overlap, "2027-11-06T00:00:00Z", "2027-11-09T00:00:00Z"))
        .containsExactlyElementsOf(
            instants("2027-11-06T05:30:00Z", "2027-11-07T05:30:00Z", "2027-11-08T06:30:00Z"));
  }

  @Test
  void lordHoweShiftsByHalfAnHour() {
    // Lord Howe: +11 in summer, +10:30 in winter; the change is at 02:00 on 4 April 2027.
    Occurrences daily = rule("FREQ=DAILY", "2027-04-03T09:00:00", LORD_HOWE);
    assertThat(at(daily, "2027-04-02T00:00:00Z", "2027-04-05T00:00:00Z"))
        .containsExactlyElementsOf(
            instants("2027-04-02T22:00:00Z", "2027-04-03T22:30:00Z", "2027-04-04T22:30:00Z"));
  }

  @Test
  void holidaysUnderEachPolicy() {
    // Friday 24 December 2027 is a holiday; Monday to Friday are working days.
    PmCalendar calendar =
        new PmCalendar(
            ZoneOffset.UTC,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            Set.of(LocalDate.parse("2027-12-24")));
    String friday = "2027-12-24T10:00:00Z";
    Instant from = Instant.parse("2027-12-20T00:00:00Z");
    Instant to = Instant.parse("2027-12-25T00:00:00Z");
    List<Occurrence> kept =
        rule("FREQ=WEEKLY;BYDAY=FR", "2027-12-03T10:00:00", calendar, NonWorkingDays.KEEP)
            .between(from, to);
    assertThat(kept).containsExactly(new Occurrence(Instant.parse(friday), Instant.parse(friday)));
    assertThat(
            rule("FREQ=WEEKLY;BYDAY=FR", "2027-12-03T10:00:00", calendar, NonWorkingDays.SKIP)
                .between(from, to))
        .isEmpty();
    assertThat(
            rule(
                    "FREQ=WEEKLY;BYDAY=FR",
                    "2027-12-03T10:00:00",
                    calendar,
                    NonWorkingDays.NEXT_WORKING_DAY)
                .between(from, to))
        .containsExactly(
            new Occurrence(Instant.parse(friday), Instant.parse("2027-12-27T10:00:00Z")));
    assertThat(
            rule(
                    "FREQ=WEEKLY;BYDAY=FR",
                    "2027-12-03T10:00:00",
                    calendar,
                    NonWorkingDays.PREVIOUS_WORKING_DAY)
                .between(from, to))
        .containsExactly(
            new Occurrence(Instant.parse(friday), Instant.parse("2027-12-23T10:00:00Z")));
  }

  @Test
  void aStartInThePastBeginsAtTheFirstOccurrenceStillDue() {
    Occurrences weekly = rule("FREQ=WEEKLY;BYDAY=MO", "2020-01-06T08:00:00", ZoneOffset.UTC);
    assertThat(weekly.firstDueFrom(Instant.parse("2027-01-05T12:00:00Z")))
        .contains(
            new Occurrence(
                Instant.parse("2027-01-11T08:00:00Z"), Instant.parse("2027-01-11T08:00:00Z")));
  }

  @Test
  void aRuleThatHasEndedHasNoNextOccurrence() {
    Occurrences ended = rule("FREQ=DAILY;COUNT=2", "2020-01-01T08:00:00", ZoneOffset.UTC);
    assertThat(ended.firstDueFrom(Instant.parse("2027-01-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void aBadRuleIsRefusedWithItsReason() {
    assertThatThrownBy(() -> CalendarRule.parse("FREQ=FORTNIGHTLY"))
        .isInstanceOfSatisfying(
            BusError.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.detail()).contains("FREQ=FORTNIGHTLY");
            });
    assertThatThrownBy(() -> CalendarRule.parse("FREQ=WEEKLY;BYDAY=XX"))
        .isInstanceOfSatisfying(BusError.class, e -> assertThat(e.status()).isEqualTo(422));
    assertThatThrownBy(() -> CalendarRule.parse("FREQ=HOURLY"))
        .isInstanceOfSatisfying(
            BusError.class,
            e -> assertThat(e.detail()).contains("DAILY, WEEKLY, MONTHLY or YEARLY"));
  }

  @Test
  void afterCompletionComesIntervalDaysLaterAtTheSameLocalTime() {
    Occurrence next =
        Occurrences.afterInterval(
            Instant.parse("2027-03-20T09:00:00Z"), 10, BERLIN, EVERY_DAY, NonWorkingDays.KEEP);
    // 10:00 in Berlin on 20 March (+01:00), 10:00 on 30 March (+02:00).
    assertThat(next.occurrenceAt()).isEqualTo(Instant.parse("2027-03-30T08:00:00Z"));
  }
}
