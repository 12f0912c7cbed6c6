package dev.wrench.labor;

import dev.wrench.core.BusError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The arithmetic of labor and costs and who may log time, free of I/O. Money is {@link BigDecimal}
 * throughout (never a binary floating point): an entry's cost is {@code minutes × rate / 60},
 * computed exactly and rounded once, half up, to the currency's minor unit; sums of such costs are
 * exact.
 */
public final class LaborRules {

  private static final BigDecimal MINUTES_PER_HOUR = BigDecimal.valueOf(60);

  /** The categories of a cost line (a closed list, so that reports can group by it). */
  public static final List<String> COST_CATEGORIES =
      List.of("contractor", "material", "travel", "equipment", "other");

  private LaborRules() {}

  /**
   * The cost of {@code minutes} at {@code hourlyRate}: exact, then rounded half up (0.005 → 0.01)
   * to {@code minorDigits} decimals (2 for EUR, 0 for JPY, 3 for KWD).
   */
  public static BigDecimal cost(long minutes, BigDecimal hourlyRate, int minorDigits) {
    return BigDecimal.valueOf(minutes)
        .multiply(hourlyRate)
        .divide(MINUTES_PER_HOUR, minorDigits, RoundingMode.HALF_UP);
  }

  /**
   * Whole minutes from {@code start} to {@code end}, rounded half up (a timer of 29 s is 0 minutes,
   * one of 30 s is 1). {@code end} before {@code start} is a 400 at {@code pointer}.
   */
  public static long minutesBetween(OffsetDateTime start, OffsetDateTime end, String pointer) {
    if (end.isBefore(start)) {
      throw BusError.badRequest(pointer, "must not be before started_at");
    }
    long seconds = Duration.between(start, end).getSeconds();
    return (seconds + 30) / 60;
  }

  /**
   * {@code amount} as a cost line's amount in a currency of {@code minorDigits}: at least 0 and
   * with no more decimals than the currency has (an amount is never rounded silently).
   */
  public static BigDecimal amount(String amount, int minorDigits) {
    BigDecimal value = new BigDecimal(amount);
    if (value.signum() < 0) {
      throw BusError.badRequest("/amount", "must not be negative");
    }
    if (value.stripTrailingZeros().scale() > minorDigits) {
      throw BusError.unprocessable(
          "/amount", "has more decimals than the work order's currency (" + minorDigits + ")");
    }
    return value.setScale(Math.max(minorDigits, 0), RoundingMode.UNNECESSARY);
  }

  /**
   * Whether the caller may log or change time of {@code technicianUserId}'s technician on a work
   * order: admins and managers for anyone; a technician for themselves, on work orders assigned to
   * them or to their team ({@code assignedToCaller}).
   */
  public static boolean mayLogTime(String role, boolean ownTechnician, boolean assignedToCaller) {
    return switch (role) {
      case "admin", "manager" -> true;
      case "technician" -> ownTechnician && assignedToCaller;
      default -> false;
    };
  }
}
