package dev.wrench.pm;

import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a batch of readings, without I/O: parsing (decimal strings to {@link BigDecimal},
 * never floating point), ordering by {@code taken_at}, and a counter's usage.
 */
public final class ReadingRules {

  private ReadingRules() {}

  /** One reading as sent: when it was taken and its value. */
  public record Reading(OffsetDateTime takenAt, BigDecimal value) {}

  /**
   * The readings of a request body's {@code readings} array, ordered by {@code taken_at}. Two at
   * the same instant are refused (422): which of them would be the meter's value there is not ours
   * to guess.
   */
  public static List<Reading> parse(JsonArray readings) {
    List<Reading> parsed = new ArrayList<>(readings.size());
    Map<java.time.Instant, Integer> seen = new HashMap<>();
    for (int i = 0; i < readings.size(); i++) {
      JsonObject reading = readings.getJsonObject(i);
      String pointer = "/readings/" + i;
      OffsetDateTime takenAt = time(reading.getString("taken_at"), pointer + "/taken_at");
      Integer earlier = seen.putIfAbsent(takenAt.toInstant(), i);
      if (earlier != null) {
        throw BusError.unprocessable(
            pointer + "/taken_at", "the same taken_at as /readings/" + earlier);
      }
      parsed.add(new Reading(takenAt, decimal(reading.getString("value"), pointer + "/value")));
    }
    parsed.sort(Comparator.comparing(Reading::takenAt));
    return parsed;
  }

  private static OffsetDateTime time(String value, String pointer) {
    OffsetDateTime time = Params.time(value, pointer);
    if (time == null) {
      throw BusError.badRequest(pointer, "must be an RFC 3339 date-time");
    }
    return time;
  }

  private static BigDecimal decimal(String value, String pointer) {
    if (value == null) {
      throw BusError.badRequest(pointer, "must be a decimal number as a string");
    }
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw BusError.badRequest(pointer, "must be a decimal number as a string");
    }
  }

  /**
   * What a counter reading adds to the usage after {@code previous} (null: it is the first, which
   * adds nothing). A lower reading is a reset: it adds nothing, and usage goes on from its value
   * (the usage between the last reading before the reset and the reset itself is unknown, and
   * counting the new value as usage would turn a meter replaced at 40,000 by one showing 39,990
   * into 39,990 units of work).
   */
  public static BigDecimal delta(BigDecimal previous, BigDecimal current) {
    if (previous == null || current.compareTo(previous) < 0) {
      return BigDecimal.ZERO;
    }
    return current.subtract(previous);
  }

  /**
   * The cumulative usage at each of {@code values} (in {@code taken_at} order), continuing from the
   * reading before them ({@code previousValue}, {@code previousUsage}; both null when there is
   * none).
   */
  public static List<BigDecimal> usages(
      BigDecimal previousValue, BigDecimal previousUsage, List<BigDecimal> values) {
    List<BigDecimal> usages = new ArrayList<>(values.size());
    BigDecimal usage = previousUsage == null ? BigDecimal.ZERO : previousUsage;
    BigDecimal previous = previousValue;
    for (BigDecimal value : values) {
      usage = usage.add(delta(previous, value));
      usages.add(usage);
      previous = value;
    }
    return usages;
  }
}
