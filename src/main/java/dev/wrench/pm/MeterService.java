package dev.wrench.pm;

import dev.wrench.bus.Bus;
import dev.wrench.bus.ResourceService;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of meters: the five verbs of a plain resource, and the readings of one meter.
 */
@Bus.Address(MeterService.ADDRESS)
public interface MeterService extends ResourceService {

  String ADDRESS = "wrench.db.meters";

  /** {@code {actor, id, query}} → a page of meter {@code id}'s readings. */
  @Bus.Verb("readings.list")
  Future<JsonObject> readings(Actor actor, String id, JsonObject query);

  /**
   * A batch of readings of meter {@code id} (the create's parent) → {@code {resource, replayed}},
   * the resource a {@code MeterReadingsCreated}. Evaluates the meter triggers of preventive
   * maintenance in the same transaction.
   */
  @Bus.Verb("readings.create")
  Future<JsonObject> createReadings(Actor actor, CreateRequest request);
}
