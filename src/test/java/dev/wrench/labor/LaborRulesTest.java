package dev.wrench.labor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.core.BusError;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class LaborRulesTest {

  private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-02T12:00:00Z");

  @Test
  void aCostIsMinutesTimesRateOverSixtyRoundedHalfUpToTheMinorUnit() {
    // 90 min at 45.50/h = 68.25 exactly.
    assertThat(LaborRules.cost(90, new BigDecimal("45.50"), 2)).isEqualByComparingTo("68.25");
    assertThat(LaborRules.cost(90, new BigDecimal("45.50"), 2).toPlainString()).isEqualTo("68.25");
    // 1 min at 0.30/h = 0.005 -> 0.01 (half up), 1 min at 0.29/h = 0.004833 -> 0.00.
    assertThat(LaborRules.cost(1, new BigDecimal("0.30"), 2).toPlainString()).isEqualTo("0.01");
    assertThat(LaborRules.cost(1, new BigDecimal("0.29"), 2).toPlainString()).isEqualTo("0.00");
    // 7 min at 10/h = 1.1666... -> 1.17; a third of a cent is never kept.
    assertThat(LaborRules.cost(7, new BigDecimal("10"), 2).toPlainString()).isEqualTo("1.17");
    assertThat(LaborRules.cost(0, new BigDecimal("99.99"), 2).toPlainString()).isEqualTo("0.00");
  }

  @Test
  void currenciesWithoutMinorUnitsAndWithThreeRoundToTheirOwn() {
    // JPY: 45 min at 3333/h = 2499.75 -> 2500; 1 min at 30/h = 0.5 -> 1 (half up).
    assertThat(LaborRules.cost(45, new BigDecimal("3333"), 0).toPlainString()).isEqualTo("2500");
    assertThat(LaborRules.cost(1, new BigDecimal("30"), 0).toPlainString()).isEqualTo("1");
    assertThat(LaborRules.cost(1, new BigDecimal("29"), 0).toPlainString()).isEqualTo("0");
    // KWD: 7 min at 10/h = 1.16666... -> 1.167; 1 min at 0.0003/h = 0.000005 -> 0.000.
    assertThat(LaborRules.cost(7, new BigDecimal("10"), 3).toPlainString()).isEqualTo("1.167");
    assertThat(LaborRules.cost(1, new BigDecimal("0.0003"), 3).toPlainString()).isEqualTo("0.000");
  }

  @Test
  void costsAreExactWhereABinaryFloatingPointWouldDrift() {
    // 0.1 + 0.2 in doubles is 0.30000000000000004; six minutes at 1/h is exactly 0.10.
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < 1000; i++) {
      sum = sum.add(LaborRules.cost(6, new BigDecimal("1"), 2));
    }
    assertThat(sum.toPlainString()).isEqualTo("100.00");
    // A large rate and a long entry stay exact: 100000 min at 9999999999.9999/h.
    assertThat(LaborRules.cost(100_000, new BigDecimal("9999999999.9999"), 2).toPlainString())
        .isEqualTo("16666666666666.50");
  }

  @Test
  void minutesAreWholeMinutesRoundedHalfUpFromTheSeconds() {
    assertThat(LaborRules.minutesBetween(NOW, NOW.plusSeconds(29), "/ended_at")).isZero();
    assertThat(LaborRules.minutesBetween(NOW, NOW.plusSeconds(30), "/ended_at")).isEqualTo(1);
    assertThat(LaborRules.minutesBetween(NOW, NOW.plusMinutes(90).plusSeconds(29), "/ended_at"))
        .isEqualTo(90);
    assertThatThrownBy(() -> LaborRules.minutesBetween(NOW, NOW.minusSeconds(1), "/ended_at"))
        .isInstanceOf(BusError.class)
        .satisfies(e -> assertThat(((BusError) e).status()).isEqualTo(400));
  }

  @Test
  void anAmountMayNotHaveMoreDecimalsThanItsCurrency() {
    assertThat(LaborRules.amount("120.5", 2).toPlainString()).isEqualTo("120.50");
    assertThat(LaborRules.amount("120.500", 2).toPlainString()).isEqualTo("120.50");
    assertThat(LaborRules.amount("1500", 0).toPlainString()).isEqualTo("1500");
    assertThat(LaborRules.amount("1.250", 3).toPlainString()).isEqualTo("1.250");
    assertThatThrownBy(() -> LaborRules.amount("120.505", 2))
        .satisfies(e -> assertThat(((BusError) e).status()).isEqualTo(422));
    assertThatThrownBy(() -> LaborRules.amount("1.5", 0))
        .satisfies(e -> assertThat(((BusError) e).status()).isEqualTo(422));
  }

  @Test
  void techniciansLogTheirOwnTimeOnWorkOrdersOfTheirsManagersAnyones() {
    assertThat(LaborRules.mayLogTime("admin", false, false)).isTrue();
    assertThat(LaborRules.mayLogTime("manager", false, false)).isTrue();
    assertThat(LaborRules.mayLogTime("technician", true, true)).isTrue();
    assertThat(LaborRules.mayLogTime("technician", false, true)).isFalse();
    assertThat(LaborRules.mayLogTime("technician", true, false)).isFalse();
    assertThat(LaborRules.mayLogTime("requester", true, true)).isFalse();
  }

  @Test
  void aBodyWithoutEndIsATimerAndWithAnEndOrMinutesAManualEntry() {
    TimeEntryInput.Entry timer = TimeEntryInput.of(new JsonObject(), NOW);
    assertThat(timer.startedAt()).isEqualTo(NOW);
    assertThat(timer.endedAt()).isNull();
    assertThat(timer.minutes()).isNull();
    TimeEntryInput.Entry manual =
        TimeEntryInput.of(
            new JsonObject().put("started_at", "2026-12-02T08:00:00Z").put("minutes", 90), NOW);
    assertThat(manual.endedAt()).isEqualTo(OffsetDateTime.parse("2026-12-02T09:30:00Z"));
    assertThat(manual.minutes()).isEqualTo(90);
    TimeEntryInput.Entry ended =
        TimeEntryInput.of(
            new JsonObject()
                .put("started_at", "2026-12-02T08:00:00Z")
                .put("ended_at", "2026-12-02T08:45:00Z"),
            NOW);
    assertThat(ended.minutes()).isEqualTo(45);
    for (JsonObject bad :
        new JsonObject[] {
          new JsonObject().put("minutes", 5),
          new JsonObject()
              .put("started_at", "2026-12-02T08:00:00Z")
              .put("ended_at", "2026-12-02T09:00:00Z")
              .put("minutes", 60),
          new JsonObject().put("started_at", "2026-12-02T12:00:01Z"),
          new JsonObject().put("started_at", "2026-12-02T11:00:00Z").put("minutes", 61),
          new JsonObject()
              .put("started_at", "2026-12-02T08:00:00Z")
              .put("ended_at", "2026-12-02T07:59:00Z")
        }) {
      assertThatThrownBy(() -> TimeEntryInput.of(bad, NOW))
          .as(bad.encode())
          .satisfies(e -> assertThat(((BusError) e).status()).isEqualTo(400));
    }
  }
}
