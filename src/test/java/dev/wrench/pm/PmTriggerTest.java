package dev.wrench.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PmTriggerTest {

  private static BusError refusal(JsonObject trigger) {
    try {
      PmTrigger.parse(trigger);
    } catch (BusError e) {
      return e;
    }
    throw new AssertionError("accepted: " + trigger);
  }

  private static String pointer(BusError error) {
    return error.errors().getJsonObject(0).getString("pointer");
  }

  @Test
  void aCalendarTriggerNeedsARuleAndALocalStart() {
    PmTrigger parsed =
        PmTrigger.parse(
            new JsonObject()
                .put("type", "calendar")
                .put("rrule", "RRULE:FREQ=MONTHLY;BYDAY=-1FR")
                .put("start", "2026-12-07T08:00:00"));
    assertThat(parsed).isInstanceOf(PmTrigger.Calendar.class);
    assertThat(((PmTrigger.Calendar) parsed).zone()).isNull();
    assertThat(
            pointer(
                refusal(
                    new JsonObject().put("type", "calendar").put("start", "2026-12-07T08:00:00"))))
        .isEqualTo("/trigger/rrule");
    BusError offset =
        refusal(
            new JsonObject()
                .put("type", "calendar")
                .put("rrule", "FREQ=DAILY")
                .put("start", "2026-12-07T08:00:00Z"));
    assertThat(offset.status()).isEqualTo(422);
    assertThat(pointer(offset)).isEqualTo("/trigger/start");
  }

  @Test
  void anAfterCompletionTriggerNeedsAWholeNumberOfDays() {
    assertThat(
            PmTrigger.parse(
                new JsonObject().put("type", "after_completion").put("interval_days", 30)))
        .isEqualTo(new PmTrigger.AfterCompletion(30, null, null));
    assertThat(
            pointer(
                refusal(new JsonObject().put("type", "after_completion").put("interval_days", 0))))
        .isEqualTo("/trigger/interval_days");
    assertThat(
            refusal(new JsonObject().put("type", "after_completion").put("interval_days", 1.5))
                .status())
        .isEqualTo(422);
  }

  @Test
  void aMeterTriggerTakesExactlyOneBound() {
    String meter = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    assertThat(
            PmTrigger.parse(
                new JsonObject().put("type", "meter").put("meter_id", meter).put("every", "500")))
        .isInstanceOf(PmTrigger.Meter.class);
    assertThat(
            refusal(
                    new JsonObject()
                        .put("type", "meter")
                        .put("meter_id", meter)
                        .put("above", "90")
                        .put("below", "10"))
                .status())
        .isEqualTo(422);
    assertThat(
            refusal(new JsonObject().put("type", "meter").put("meter_id", meter).put("every", "-5"))
                .status())
        .isEqualTo(422);
    assertThat(
            refusal(
                    new JsonObject()
                        .put("type", "meter")
                        .put("meter_id", meter)
                        .put("every", "lots"))
                .status())
        .isEqualTo(400);
  }

  @Test
  void planningStartsAtTheFirstOccurrenceDueFromNowAndAfterCompletionAtItsStart() {
    PmCalendar calendar =
        new PmCalendar(ZoneId.of("Europe/Berlin"), EnumSet.allOf(DayOfWeek.class), Set.of());
    Instant now = Instant.parse("2026-12-09T12:00:00Z");
    PmTrigger weekly =
        PmTrigger.parse(
            new JsonObject()
                .put("type", "calendar")
                .put("rrule", "FREQ=WEEKLY;BYDAY=MO")
                .put("start", "2026-11-02T08:00:00"));
    // The calendar's zone: 08:00 in Berlin is 07:00 UTC in winter.
    assertThat(PmPlanning.initial(weekly, calendar, NonWorkingDays.KEEP, now).next().occurrenceAt())
        .isEqualTo(Instant.parse("2026-12-14T07:00:00Z"));
    PmTrigger interval =
        new PmTrigger.AfterCompletion(7, LocalDateTime.parse("2026-12-01T09:00:00"), null);
    assertThat(PmPlanning.initial(interval, calendar, NonWorkingDays.KEEP, now).next().dueAt())
        .isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
    assertThat(
            PmPlanning.initial(
                    new PmTrigger.Meter(java.util.UUID.randomUUID()),
                    calendar,
                    NonWorkingDays.KEEP,
                    now)
                .next())
        .isNull();
  }
}
