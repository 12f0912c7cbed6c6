package dev.wrench.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wrench.core.BusError;
import dev.wrench.pm.ReadingRules.Reading;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingRulesTest {

  private static JsonObject reading(String value, String takenAt) {
    return new JsonObject().put("value", value).put("taken_at", takenAt);
  }

  private static List<BigDecimal> decimals(String... values) {
    return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
  }

  @Test
  void aBatchIsOrderedByTakenAtWhateverOrderItWasSentIn() {
    List<Reading> parsed =
        ReadingRules.parse(
            new JsonArray()
                .add(reading("30", "2026-12-07T10:00:00Z"))
                .add(reading("10", "2026-12-07T08:00:00Z"))
                .add(reading("20", "2026-12-07T10:00:00+01:00")));
    assertThat(parsed).extracting(r -> r.value().toPlainString()).containsExactly("10", "20", "30");
  }

  @Test
  void valuesAreExactDecimalsNotDoubles() {
    List<Reading> parsed =
        ReadingRules.parse(new JsonArray().add(reading("0.1", "2026-12-07T08:00:00Z")));
    assertThat(parsed.get(0).value().add(new BigDecimal("0.2"))).isEqualTo(new BigDecimal("0.3"));
  }

  @Test
  void twoReadingsAtTheSameInstantAreRefusedWithAPointer() {
    JsonArray batch =
        new JsonArray()
            .add(reading("1", "2026-12-07T08:00:00Z"))
            .add(reading("2", "2026-12-07T09:00:00+01:00"));
    assertThatThrownBy(() -> ReadingRules.parse(batch))
        .isInstanceOfSatisfying(
            BusError.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.errors().getJsonObject(0).getString("pointer"))
                  .isEqualTo("/readings/1/taken_at");
            });
  }

  @Test
  void aCounterAddsItsIncreases() {
    assertThat(ReadingRules.usages(null, null, decimals("100", "150", "400")))
        .containsExactlyElementsOf(decimals("0", "50", "300"));
  }

  @Test
  void aLowerReadingIsAResetThatAddsNothingAndUsageGoesOnFromIt() {
    assertThat(
            ReadingRules.usages(
                new BigDecimal("900"), new BigDecimal("800"), decimals("950", "5", "25")))
        .containsExactlyElementsOf(decimals("850", "850", "870"));
  }

  @Test
  void theFirstReadingOfAMeterAddsNothing() {
    assertThat(ReadingRules.delta(null, new BigDecimal("1520.5"))).isEqualByComparingTo("0");
    assertThat(ReadingRules.delta(new BigDecimal("10"), new BigDecimal("10")))
        .isEqualByComparingTo("0");
  }
}
