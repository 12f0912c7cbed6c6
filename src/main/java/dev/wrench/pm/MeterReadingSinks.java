package dev.wrench.pm;

import dev.wrench.bus.BusClient;
import dev.wrench.core.CreateRequest;
import dev.wrench.workorder.MeterReadingSink;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The work orders' checklist readings as batches of one reading, through {@link MeterService}: the
 * same checks, the same usage and the same meter triggers as a reading posted to the meter. A
 * reading at an instant the meter has one already is ignored (V71), so a repeated one adds nothing.
 */
public final class MeterReadingSinks {

  private MeterReadingSinks() {}

  public static MeterReadingSink overBus(EventBus bus) {
    MeterService meters = BusClient.of(bus, MeterService.class, new DeliveryOptions());
    return (actor, meterId, value, takenAt) ->
        meters
            .createReadings(
                actor,
                new CreateRequest(
                    meterId.toString(),
                    new JsonObject()
                        .put(
                            "readings",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("value", value.stripTrailingZeros().toPlainString())
                                        .put("taken_at", takenAt))),
                    null,
                    null))
            .mapEmpty();
  }
}
