package dev.wrench.pm;

import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import dev.wrench.pm.ReadingRules.Reading;
import dev.wrench.store.IdempotencyStore;
import dev.wrench.store.Params;
import dev.wrench.store.ResourceStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** Meters on the bus: the resource verbs as a plain resource, and the readings. */
final class MeterStore implements MeterService {

  private final ResourceStore meters;
  private final MeterReadingRepository readings;
  private final IdempotencyStore idempotency;
  private final EventBus bus;

  MeterStore(
      MeterRepository meters,
      MeterReadingRepository readings,
      IdempotencyStore idempotency,
      EventBus bus) {
    this.meters = new ResourceStore(meters, idempotency, ADDRESS + ".create");
    this.readings = readings;
    this.idempotency = idempotency;
    this.bus = bus;
  }

  @Override
  public Future<JsonObject> list(Actor actor, JsonObject query) {
    return meters.list(actor, query);
  }

  @Override
  public Future<JsonObject> get(Actor actor, String id) {
    return meters.get(actor, id);
  }

  @Override
  public Future<JsonObject> create(Actor actor, CreateRequest request) {
    return meters.create(actor, request);
  }

  @Override
  public Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body) {
    return meters.patch(actor, id, ifMatch, body);
  }

  @Override
  public Future<JsonObject> delete(Actor actor, String id, Integer ifMatch) {
    return meters.delete(actor, id, ifMatch);
  }

  @Override
  public Future<JsonObject> readings(Actor actor, String id, JsonObject query) {
    return readings.list(actor, Params.pathId(id), query);
  }

  /**
   * One transaction: the meter locked, the readings written, the usage brought up to date and the
   * meter's latest reading advanced, the meter triggers evaluated, and (with a key) the answer
   * stored for replays. A batch that fails any check writes nothing. Once it has committed, a batch
   * that made occurrences due wakes this instance's generator, which makes their work orders (its
   * periodic round would too, later).
   */
  @Override
  public Future<JsonObject> createReadings(Actor actor, CreateRequest request) {
    UUID meterId = Params.pathId(request.parentId());
    // Parsed before the transaction: a bad batch costs no connection.
    List<Reading> batch =
        ReadingRules.parse(request.body().getJsonArray("readings", new JsonArray()));
    return idempotency
        .create(
            ADDRESS + ".readings.create",
            actor,
            request,
            client -> readings.ingest(client, actor, meterId, batch))
        .onSuccess(
            reply -> {
              JsonObject resource = reply.getJsonObject("resource");
              if (!reply.getBoolean("replayed", false)
                  && !resource.getJsonArray("occurrences", new JsonArray()).isEmpty()) {
                bus.send(PmGenerator.WAKE, new JsonObject());
              }
            });
  }
}
