package dev.wrench.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CalendarRulesTest {

  private static final JsonArray WEEKDAYS =
      new JsonArray().add("mon").add("tue").add("wed").add("thu").add("fri");

  @Test
  void withNothingSetTheCalendarIsUtcMondayToFridayWithoutHolidays() {
    assertThat(CalendarRules.effective(null, null))
        .isEqualTo(
            new JsonObject()
                .put("time_zone", "UTC")
                .put("working_days", WEEKDAYS)
                .put("holidays", new JsonArray()));
  }

  @Test
  void aSitesOverridesWinFieldByFieldAndItsNullsFallBackToTheOrganization() {
    JsonObject organization =
        new JsonObject()
            .put("time_zone", "Europe/Berlin")
            .put("working_days", WEEKDAYS)
            .put("holidays", new JsonArray().add("2026-12-25"));
    JsonObject site =
        new JsonObject()
            .put("time_zone", "America/New_York")
            .putNull("working_days")
            .put("holidays", new JsonArray());
    assertThat(CalendarRules.effective(organization, site))
        .isEqualTo(
            new JsonObject()
                .put("time_zone", "America/New_York")
                .put("working_days", WEEKDAYS)
                .put("holidays", new JsonArray()));
    assertThat(CalendarRules.effective(organization, null)).isEqualTo(organization);
    // An organization with a row but a site over partial fields: defaults only where both are null.
    assertThat(
            CalendarRules.effective(
                new JsonObject().put("time_zone", "Asia/Tokyo"),
                new JsonObject().put("working_days", new JsonArray().add("sat"))))
        .isEqualTo(
            new JsonObject()
                .put("time_zone", "Asia/Tokyo")
                .put("working_days", new JsonArray().add("sat"))
                .put("holidays", new JsonArray()));
  }

  @Test
  void timeZonesAreIanaIdsNotOffsets() {
    assertThat(CalendarRules.timeZone("Australia/Lord_Howe", "/tz"))
        .isEqualTo("Australia/Lord_Howe");
    assertThat(CalendarRules.timeZone("UTC", "/tz")).isEqualTo("UTC");
    for (String bad : new String[] {"+02:00", "Mars/Olympus", "", "europe/berlin"}) {
      assertThatThrownBy(() -> CalendarRules.timeZone(bad, "/tz"))
          .isInstanceOf(BusError.class)
          .hasMessageContaining("IANA");
    }
  }

  @Test
  void currenciesAreIso4217Codes() {
    assertThat(CalendarRules.currency("EUR", "/c")).isEqualTo("EUR");
    for (String bad : new String[] {"eur", "EURO", "XYZ", ""}) {
      assertThatThrownBy(() -> CalendarRules.currency(bad, "/c")).isInstanceOf(BusError.class);
    }
  }

  @Test
  void workingDaysAreDeduplicatedInWeekOrderAndNeverEmpty() {
    assertThat(CalendarRules.workingDays(new JsonArray().add("sun").add("mon").add("sun"), "/w"))
        .containsExactly("mon", "sun");
    assertThatThrownBy(() -> CalendarRules.workingDays(new JsonArray(), "/w"))
        .isInstanceOf(BusError.class);
    assertThatThrownBy(() -> CalendarRules.workingDays(new JsonArray().add("Mon"), "/w"))
        .isInstanceOf(BusError.class);
  }

  @Test
  void holidaysAreRealDatesSortedOnce() {
    assertThat(
            CalendarRules.holidays(
                new JsonArray().add("2027-01-01").add("2026-12-25").add("2027-01-01"), "/h"))
        .containsExactly(LocalDate.parse("2026-12-25"), LocalDate.parse("2027-01-01"));
    for (String bad : new String[] {"2026-02-30", "25.12.2026", "2026-12-25T00:00:00Z"}) {
      assertThatThrownBy(() -> CalendarRules.holidays(new JsonArray().add(bad), "/h"))
          .isInstanceOf(BusError.class);
    }
  }

  @Test
  void aSettingsPatchMergesFeaturesKeyByKeyAndRefusesUnknownFields() {
    JsonObject current =
        CalendarRepository.defaults().put("features", new JsonObject().put("a", true));
    JsonObject next =
        SettingsPatch.apply(
            current,
            new JsonObject()
                .put("currency", "GBP")
                .put("features", new JsonObject().putNull("a").put("b", false)));
    assertThat(next.getString("currency")).isEqualTo("GBP");
    assertThat(next.getJsonObject("features")).isEqualTo(new JsonObject().put("b", false));
    assertThat(next.getString("time_zone")).isEqualTo("UTC");
    assertThatThrownBy(() -> SettingsPatch.apply(current, new JsonObject().put("version", 2)))
        .isInstanceOf(BusError.class);
    assertThatThrownBy(
            () ->
                SettingsPatch.apply(
                    current, new JsonObject().put("features", new JsonObject().put("a", 1))))
        .isInstanceOf(BusError.class);
  }
}
