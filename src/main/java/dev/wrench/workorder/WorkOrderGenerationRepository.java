package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Work orders generated for a preventive-maintenance occurrence: the create's statement with {@code
 * ON CONFLICT DO NOTHING} on the (organization, schedule, occurrence) key, so that however many
 * generators race for one occurrence exactly one work order, one history row and one {@code
 * work_order.created} event are written; the others read the winner's row.
 */
final class WorkOrderGenerationRepository {

  private static final List<String> PRIORITIES = List.of("low", "medium", "high", "critical");

  private final RowSecurity db;

  WorkOrderGenerationRepository(RowSecurity db) {
    this.db = db;
  }

  /** The work order of the occurrence with {@code "created"}: whether this call made it. */
  Future<JsonObject> generate(Actor actor, JsonObject body) {
    JsonObject fields = validated(body);
    return db.tenant(actor.orgId())
        .preparedQuery(WorkOrderRepository.INSERT_GENERATED)
        .execute(WorkOrderRepository.createParams(actor, fields, true))
        .compose(rows -> made(actor, fields, rows));
  }

  /**
   * Many occurrences of one organization: their inserts pipelined in one transaction (one round
   * trip, one commit), then the existing work order of each that was made before (by this batch or
   * another call) read back. {@code {items}} in the order asked.
   */
  Future<JsonObject> generateBatch(Actor actor, JsonObject body) {
    JsonArray asked = body.getJsonArray("items");
    if (asked == null || asked.isEmpty()) {
      throw BusError.badRequest("/items", "must name at least one occurrence");
    }
    List<RowSecurity.Sql> inserts = new ArrayList<>();
    List<JsonObject> fields = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      JsonObject item = asked.getJsonObject(i);
      JsonObject checked = validated(item);
      UUID creator = Params.uuid(item.getString("created_by"), "/items/" + i + "/created_by");
      Actor generator =
          new Actor(creator == null ? actor.userId() : creator, actor.orgId(), actor.role());
      fields.add(checked);
      inserts.add(
          new RowSecurity.Sql(
              WorkOrderRepository.INSERT_GENERATED,
              WorkOrderRepository.createParams(generator, checked, true)));
    }
    return db.tenant(actor.orgId())
        .pipeline(inserts)
        .compose(
            results -> {
              List<Future<JsonObject>> items = new ArrayList<>();
              for (int i = 0; i < results.size(); i++) {
                items.add(made(actor, fields.get(i), results.get(i)));
              }
              return Future.all(items)
                  .map(all -> new JsonObject().put("items", new JsonArray(all.list())));
            });
  }

  /**
   * The reply to one insert of a generated work order: the row it made, or (it conflicted, which
   * waited for the first insert to commit, so this statement sees it) the one made before.
   */
  private Future<JsonObject> made(Actor actor, JsonObject fields, RowSet<Row> inserted) {
    if (inserted.size() > 0) {
      return Future.succeededFuture(
          WorkOrderRows.toJson(inserted.iterator().next()).put("created", true));
    }
    return db.tenant(actor.orgId())
        .preparedQuery(WorkOrderRepository.SELECT_GENERATED)
        .execute(
            Tuple.of(
                actor.orgId(),
                Params.uuid(fields.getString("pm_schedule_id"), "/pm_schedule_id"),
                Params.time(fields.getString("occurrence_at"), "/occurrence_at")))
        .map(
            existing -> {
              if (existing.size() == 0) {
                // Only a concurrent hard delete could do this; there is none.
                throw new IllegalStateException("generated work order vanished");
              }
              return WorkOrderRows.toJson(existing.iterator().next()).put("created", false);
            });
  }

  /**
   * The generator's body checked as the contract would check an HTTP one (it does not pass the
   * router): the fields of a create plus the schedule and occurrence, always {@code preventive}.
   */
  static JsonObject validated(JsonObject body) {
    String title = body.getString("title");
    if (title == null || title.isBlank() || title.length() > 200) {
      throw BusError.badRequest("/title", "must be 1 to 200 characters");
    }
    String priority = body.getString("priority", "medium");
    if (!PRIORITIES.contains(priority)) {
      throw BusError.badRequest("/priority", "must be one of " + PRIORITIES);
    }
    if (body.getString("pm_schedule_id") == null) {
      throw BusError.badRequest("/pm_schedule_id", "is required");
    }
    if (body.getString("occurrence_at") == null) {
      throw BusError.badRequest("/occurrence_at", "is required");
    }
    JsonObject fields = new JsonObject().put("title", title).put("priority", priority);
    for (String field :
        List.of(
            "description",
            "asset_id",
            "assignee_id",
            "team_id",
            "location_id",
            "pm_schedule_id",
            "occurrence_at",
            "due_at",
            "checklist_template_id")) {
      if (body.getValue(field) != null) {
        fields.put(field, body.getString(field));
      }
    }
    return fields.put("type", "preventive");
  }
}
