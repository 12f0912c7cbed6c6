package dev.wrench.pm;

import dev.wrench.bus.Bus;
import dev.wrench.core.Actor;
import dev.wrench.core.CreateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The bus contract of preventive maintenance schedules, served by the database verticles: the five
 * verbs of a resource and the occurrences of one schedule.
 */
@Bus.Address(PmScheduleService.ADDRESS)
public interface PmScheduleService {

  String ADDRESS = "wrench.db.pm-schedules";

  Future<JsonObject> list(Actor actor, JsonObject query);

  Future<JsonObject> get(Actor actor, String id);

  Future<JsonObject> create(Actor actor, CreateRequest request);

  Future<JsonObject> patch(Actor actor, String id, Integer ifMatch, JsonObject body);

  Future<JsonObject> delete(Actor actor, String id, Integer ifMatch);

  /** {@code {actor, id, query: {from?, to?}}} → {@code {items}}: planned, generated, skipped. */
  @Bus.Verb("occurrences.list")
  Future<JsonObject> occurrences(Actor actor, String id, JsonObject query);
}
