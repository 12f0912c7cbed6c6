package dev.wrench.pm;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A schedule as the store and the generator see it: its resource JSON ({@link #json}, what the API
 * shows) and the planning state the API does not show.
 *
 * @param nextOccurrenceAt the next occurrence to record (null: none planned)
 * @param awaitingWorkOrderId after_completion: the work order whose completion starts the interval
 */
public record PmSchedule(
    UUID id,
    UUID orgId,
    UUID createdBy,
    JsonObject json,
    Instant nextOccurrenceAt,
    UUID awaitingWorkOrderId) {

  public String siteId() {
    return json.getString("site_id");
  }

  public JsonObject trigger() {
    return json.getJsonObject("trigger");
  }

  public int leadTimeDays() {
    return json.getInteger("lead_time_days");
  }

  public NonWorkingDays policy() {
    return NonWorkingDays.fromWire(json.getString("non_working_days")).orElse(NonWorkingDays.KEEP);
  }
}
