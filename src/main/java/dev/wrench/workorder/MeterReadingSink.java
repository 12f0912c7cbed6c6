package dev.wrench.workorder;

import dev.wrench.core.Actor;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * Where a checklist's {@code meter_reading} answer goes as a reading of its meter: the meters
 * feature's service, which this feature cannot name (that feature depends on this one), so the
 * application hands this feature a sink made by it.
 */
@FunctionalInterface
public interface MeterReadingSink {

  /** Records {@code value} as a reading of meter {@code meterId} taken at {@code takenAt}. */
  Future<Void> record(Actor actor, UUID meterId, BigDecimal value, String takenAt);
}
