package dev.wrench.pm;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * When a meter trigger of a preventive maintenance schedule fires, without I/O: the crossings of a
 * counter's multiples of {@code every} and of a gauge's {@code above} / {@code below} threshold,
 * over readings in {@code taken_at} order.
 *
 * <p>The state of one schedule's trigger is what the next batch continues from: the usage its
 * counting starts at, the multiples already reached, whether a gauge trigger is armed, and the
 * newest reading evaluated. Readings at or before that one are not evaluated again: a late reading
 * is never itself a crossing (no occurrence is backdated), and what it changes in a counter's usage
 * shows in the readings after it.
 */
public final class MeterTriggerRules {

  private MeterTriggerRules() {}

  /** A schedule's meter trigger. */
  public sealed interface Trigger permits Every, Above, Below {}

  /** A counter: one occurrence each time the usage passes a multiple of {@code every}. */
  public record Every(BigDecimal every) implements Trigger {
    public Every {
      if (every.signum() <= 0) {
        throw new IllegalArgumentException("every must be positive");
      }
    }
  }

  /** A gauge: one occurrence when a reading is above {@code threshold}, re-armed at or below. */
  public record Above(BigDecimal threshold) implements Trigger {}

  /** A gauge: one occurrence when a reading is below {@code threshold}, re-armed at or above. */
  public record Below(BigDecimal threshold) implements Trigger {}

  /**
   * The trigger of a schedule's {@code trigger} JSON ({@code {"type":"meter","meter_id", "every" |
   * "above" | "below"}}), or null when it names none of them.
   */
  public static Trigger parse(JsonObject trigger) {
    if (trigger == null) {
      return null;
    }
    if (trigger.getValue("every") != null) {
      return new Every(new BigDecimal(String.valueOf(trigger.getValue("every"))));
    }
    if (trigger.getValue("above") != null) {
      return new Above(new BigDecimal(String.valueOf(trigger.getValue("above"))));
    }
    if (trigger.getValue("below") != null) {
      return new Below(new BigDecimal(String.valueOf(trigger.getValue("below"))));
    }
    return null;
  }

  /** One reading as the rules see it; {@code usage} null for a gauge. */
  public record Point(OffsetDateTime takenAt, BigDecimal value, BigDecimal usage) {}

  /**
   * Where a schedule's trigger stands.
   *
   * @param baseline the usage the counting starts at (the schedule's beginning); null until the
   *     first reading evaluated sets it, when no reading was taken before the schedule began
   * @param reached how many multiples of {@code every} the usage since the baseline has passed
   * @param armed whether a gauge trigger may fire at the next reading on the wrong side
   * @param evaluatedTo the newest reading evaluated (at first: when the schedule began)
   */
  public record State(
      BigDecimal baseline, long reached, boolean armed, OffsetDateTime evaluatedTo) {

    /**
     * A schedule's trigger before its first evaluation: counting starts at the usage of the last
     * reading at or before {@code began} ({@code before}, null when there is none: then at the
     * first reading after it).
     */
    public static State initial(OffsetDateTime began, Point before) {
      return new State(before == null ? null : before.usage(), 0, true, began);
    }
  }

  /** The state after a batch and the readings that fired, by their {@code taken_at}. */
  public record Outcome(State state, List<OffsetDateTime> crossings) {
    public Outcome {
      crossings = List.copyOf(crossings);
    }
  }

  /**
   * Evaluates {@code points} (in {@code taken_at} order) newer than {@code state.evaluatedTo()}.
   *
   * <p>{@link Every}: a reading fires when the multiples of {@code every} in its usage since the
   * baseline exceed those reached before; reaching several at once fires once (one work order, not
   * a burst), and all of them count as reached. A reset adds no usage, so it never fires. {@link
   * Above} / {@link Below}: an armed trigger fires at a reading beyond the threshold and disarms; a
   * reading back on the safe side (the threshold itself included) re-arms it.
   */
  public static Outcome evaluate(Trigger trigger, State state, List<Point> points) {
    BigDecimal baseline = state.baseline();
    long reached = state.reached();
    boolean armed = state.armed();
    OffsetDateTime evaluatedTo = state.evaluatedTo();
    List<OffsetDateTime> crossings = new ArrayList<>();
    for (Point point : points) {
      if (evaluatedTo != null && !point.takenAt().isAfter(evaluatedTo)) {
        continue;
      }
      evaluatedTo = point.takenAt();
      if (trigger instanceof Every every) {
        if (point.usage() == null) {
          continue;
        }
        if (baseline == null) {
          baseline = point.usage();
          continue;
        }
        long multiples = multiples(point.usage().subtract(baseline), every.every());
        if (multiples > reached) {
          crossings.add(point.takenAt());
          reached = multiples;
        }
      } else {
        boolean beyond =
            trigger instanceof Above above
                ? point.value().compareTo(above.threshold()) > 0
                : point.value().compareTo(((Below) trigger).threshold()) < 0;
        if (beyond && armed) {
          crossings.add(point.takenAt());
        }
        armed = !beyond;
      }
    }
    return new Outcome(new State(baseline, reached, armed, evaluatedTo), crossings);
  }

  /** The whole multiples of {@code every} in {@code usage} (floored; negative below zero). */
  static long multiples(BigDecimal usage, BigDecimal every) {
    return usage.divide(every, 0, RoundingMode.FLOOR).longValueExact();
  }
}
