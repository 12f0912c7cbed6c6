package dev.wrench.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.pm.MeterTriggerRules.Above;
import dev.wrench.pm.MeterTriggerRules.Below;
import dev.wrench.pm.MeterTriggerRules.Every;
import dev.wrench.pm.MeterTriggerRules.Outcome;
import dev.wrench.pm.MeterTriggerRules.Point;
import dev.wrench.pm.MeterTriggerRules.State;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MeterTriggerRulesTest {

  private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-12-07T00:00:00Z");

  private static OffsetDateTime at(int hour) {
    return T0.plusHours(hour);
  }

  /** Counter points: values one an hour from hour 1, usage computed by ReadingRules. */
  private static List<Point> counter(
      BigDecimal firstValue, BigDecimal firstUsage, String... values) {
    List<BigDecimal> decimals = java.util.Arrays.stream(values).map(BigDecimal::new).toList();
    List<BigDecimal> usages = ReadingRules.usages(firstValue, firstUsage, decimals);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < decimals.size(); i++) {
      points.add(new Point(at(i + 1), decimals.get(i), usages.get(i)));
    }
    return points;
  }

  private static List<Point> gauge(String... values) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      points.add(new Point(at(i + 1), new BigDecimal(values[i]), null));
    }
    return points;
  }

  private static final Every EVERY_500 = new Every(new BigDecimal("500"));

  private static State fromZero() {
    return State.initial(T0, new Point(T0, BigDecimal.ZERO, BigDecimal.ZERO));
  }

  @Test
  void aCounterFiresEachTimeItPassesAMultiple() {
    Outcome outcome =
        MeterTriggerRules.evaluate(
            EVERY_500,
            fromZero(),
            counter(BigDecimal.ZERO, BigDecimal.ZERO, "499", "500", "999", "1001"));
    assertThat(outcome.crossings()).containsExactly(at(2), at(4));
    assertThat(outcome.state().reached()).isEqualTo(2);
    assertThat(outcome.state().evaluatedTo()).isEqualTo(at(4));
  }

  @Test
  void aReadingThatJumpsSeveralMultiplesFiresOnceAndCountsThemAllAsReached() {
    Outcome outcome =
        MeterTriggerRules.evaluate(
            EVERY_500,
            fromZero(),
            counter(BigDecimal.ZERO, BigDecimal.ZERO, "1700", "1999", "2000"));
    assertThat(outcome.crossings()).containsExactly(at(1), at(3));
    assertThat(outcome.state().reached()).isEqualTo(4);
  }

  @Test
  void aResetNeverFiresAndCountingGoesOnFromTheNewBase() {
    // 400 of usage, a reset to 0 (no usage), then 100 more: 500 passed at the last reading only.
    Outcome outcome =
        MeterTriggerRules.evaluate(
            EVERY_500,
            fromZero(),
            counter(BigDecimal.ZERO, BigDecimal.ZERO, "400", "0", "99", "100"));
    assertThat(outcome.crossings()).containsExactly(at(4));
  }

  @Test
  void countingStartsWhenTheScheduleBeganNotAtTheMetersFirstReading() {
    // The meter had 1,200 of usage when the schedule began: the first multiple is at 1,700.
    State began = State.initial(T0, new Point(T0, new BigDecimal("1200"), new BigDecimal("1200")));
    Outcome outcome =
        MeterTriggerRules.evaluate(
            EVERY_500,
            began,
            counter(new BigDecimal("1200"), new BigDecimal("1200"), "1500", "1699", "1700"));
    assertThat(outcome.crossings()).containsExactly(at(3));
  }

  @Test
  void withoutAReadingBeforeTheScheduleTheFirstOneAfterItIsTheBase() {
    State began = State.initial(T0, null);
    Outcome outcome =
        MeterTriggerRules.evaluate(EVERY_500, began, counter(null, null, "7000", "7499", "7500"));
    assertThat(outcome.crossings()).containsExactly(at(3));
  }

  @Test
  void readingsAlreadyEvaluatedOrBeforeTheScheduleAreNotEvaluatedAgain() {
    State state = new State(BigDecimal.ZERO, 0, true, at(2));
    Outcome outcome =
        MeterTriggerRules.evaluate(
            EVERY_500, state, counter(BigDecimal.ZERO, BigDecimal.ZERO, "600", "700", "800"));
    // 600 at hour 1 and 700 at hour 2 were evaluated before: the crossing is dated at hour 3.
    assertThat(outcome.crossings()).containsExactly(at(3));
  }

  @Test
  void aGaugeFiresOncePerCrossingAndReArmsOnlyOnTheSafeSide() {
    Above above = new Above(new BigDecimal("90"));
    Outcome outcome =
        MeterTriggerRules.evaluate(
            above, State.initial(T0, null), gauge("80", "91", "95", "90.5", "90", "92", "93"));
    assertThat(outcome.crossings()).containsExactly(at(2), at(6));
    assertThat(outcome.state().armed()).isFalse();
  }

  @Test
  void aBelowGaugeIsTheMirror() {
    Below below = new Below(new BigDecimal("10"));
    Outcome outcome =
        MeterTriggerRules.evaluate(
            below, State.initial(T0, null), gauge("9.99", "5", "10", "9", "11", "8"));
    assertThat(outcome.crossings()).containsExactly(at(1), at(4), at(6));
  }

  @Test
  void aDisarmedGaugeStaysDisarmedAcrossBatches() {
    Above above = new Above(new BigDecimal("90"));
    Outcome first = MeterTriggerRules.evaluate(above, State.initial(T0, null), gauge("95"));
    List<Point> later = List.of(new Point(at(5), new BigDecimal("99"), null));
    assertThat(MeterTriggerRules.evaluate(above, first.state(), later).crossings()).isEmpty();
  }

  @Test
  void theTriggerIsReadFromTheSchedulesJson() {
    assertThat(MeterTriggerRules.parse(new JsonObject().put("type", "meter").put("every", "500")))
        .isEqualTo(EVERY_500);
    assertThat(MeterTriggerRules.parse(new JsonObject().put("above", "90.5")))
        .isEqualTo(new Above(new BigDecimal("90.5")));
    assertThat(MeterTriggerRules.parse(new JsonObject().put("below", 10)))
        .isEqualTo(new Below(new BigDecimal("10")));
    assertThat(MeterTriggerRules.parse(new JsonObject().put("type", "calendar"))).isNull();
  }

  /**
   * However a rising counter's readings are split into batches, the crossings are the same, and
   * never more than the multiples passed.
   */
  @Property
  void batchesDoNotChangeTheCrossings(
      @ForAll("increments") List<Integer> increments,
      @ForAll @IntRange(min = 1, max = 50) int batch) {
    List<String> values = new ArrayList<>();
    int value = 0;
    for (int increment : increments) {
      value += increment;
      values.add(String.valueOf(value));
    }
    List<Point> points = counter(BigDecimal.ZERO, BigDecimal.ZERO, values.toArray(String[]::new));
    Outcome whole = MeterTriggerRules.evaluate(EVERY_500, fromZero(), points);
    State state = fromZero();
    List<OffsetDateTime> split = new ArrayList<>();
    for (int from = 0; from < points.size(); from += batch) {
      Outcome part =
          MeterTriggerRules.evaluate(
              EVERY_500, state, points.subList(from, Math.min(points.size(), from + batch)));
      split.addAll(part.crossings());
      state = part.state();
    }
    assertThat(split).isEqualTo(whole.crossings());
    assertThat((long) whole.crossings().size()).isLessThanOrEqualTo(value / 500L);
    assertThat(whole.state().reached()).isEqualTo(value / 500L);
  }

  @Provide
  Arbitrary<List<Integer>> increments() {
    return Arbitraries.integers().between(0, 1200).list().ofMinSize(1).ofMaxSize(200);
  }
}
