package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.tracing.TraceContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Work orders generated for a preventive-maintenance occurrence: the create's statement with {@code
 * ON CONFLICT DO NOTHING} on the (organization, schedule, occurrence) key, so that however many
 * generators race for one occurrence exactly one work order, one history row and one {@code
 * work_order.created} event are written; the others read the winner's row.
 */
final class WorkOrderGenerationRepository {

  private static final List<String> PRIORITIES = List.of("low", "medium", "high", "critical");

  /**
   * The generator's batch: the columns as arrays of one length, unnested into rows in the order
   * asked (so that their numbers follow it), each skipped by the (schedule, occurrence) key if it
   * was made before; the created CTE returns what {@link WorkOrderCreatedRecords} needs.
   */
  static final String INSERT_BATCH =
      """
      WITH asked AS (
        SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[],
                             $7::timestamptz[], $8::uuid[], $9::uuid[], $10::uuid[], $11::uuid[],
                             $12::timestamptz[], $13::uuid[])
          WITH ORDINALITY AS a(title, description, priority, asset_id, assignee_id, due_at, created_by,
                               location_id, team_id, pm_schedule_id, occurrence_at,
                               checklist_template_id, ord)
      ), created AS (
        INSERT INTO work_orders AS w (org_id, number, title, description, priority, asset_id, assignee_id,
                                      requester_id, due_at, created_by, type, location_id, team_id,
                                      pm_schedule_id, occurrence_at, checklist_template_id)
        SELECT $1, next_wo_number($1), a.title, a.description, a.priority, a.asset_id, a.assignee_id,
               a.created_by, a.due_at, a.created_by, 'preventive', a.location_id, a.team_id,
               a.pm_schedule_id, a.occurrence_at, a.checklist_template_id
        FROM asked a ORDER BY a.ord
        ON CONFLICT (org_id, pm_schedule_id, occurrence_at) WHERE pm_schedule_id IS NOT NULL DO NOTHING
        RETURNING %s, w.org_id, w.created_by
      ),
      """
              .replace("%s", WorkOrderRows.COLUMNS)
          + WorkOrderCreatedRecords.sql("$14");

  static final String SELECT_GENERATED_BATCH =
      "SELECT "
          + WorkOrderRows.COLUMNS
          + " FROM work_orders w"
          + " JOIN unnest($2::uuid[], $3::timestamptz[]) AS m(pm_schedule_id, occurrence_at)"
          + " ON w.pm_schedule_id = m.pm_schedule_id AND w.occurrence_at = m.occurrence_at"
          + " WHERE w.org_id = $1";

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
   * Many occurrences of one organization in one statement (one round trip, one commit, one plan):
   * the rows come in as arrays, one per column, and go in as one multi-row insert with the history
   * and event rows of those it made; an occurrence made before (by another batch or instance) is
   * skipped by the unique key and read back after. {@code {items}} in the order asked.
   */
  Future<JsonObject> generateBatch(Actor actor, JsonObject body) {
    JsonArray asked = body.getJsonArray("items");
    if (asked == null || asked.isEmpty()) {
      throw BusError.badRequest("/items", "must name at least one occurrence");
    }
    int n = asked.size();
    List<JsonObject> fields = new ArrayList<>(n);
    String[] titles = new String[n];
    String[] descriptions = new String[n];
    String[] priorities = new String[n];
    UUID[] assets = new UUID[n];
    UUID[] assignees = new UUID[n];
    OffsetDateTime[] dues = new OffsetDateTime[n];
    UUID[] creators = new UUID[n];
    UUID[] locations = new UUID[n];
    UUID[] teams = new UUID[n];
    UUID[] schedules = new UUID[n];
    OffsetDateTime[] occurrences = new OffsetDateTime[n];
    UUID[] checklists = new UUID[n];
    for (int i = 0; i < n; i++) {
      JsonObject item = asked.getJsonObject(i);
      JsonObject checked = validated(item);
      fields.add(checked);
      UUID creator = Params.uuid(item.getString("created_by"), "/items/" + i + "/created_by");
      titles[i] = checked.getString("title");
      descriptions[i] = checked.getString("description");
      priorities[i] = checked.getString("priority");
      assets[i] = Params.uuid(checked.getString("asset_id"), "/items/" + i + "/asset_id");
      assignees[i] = Params.uuid(checked.getString("assignee_id"), "/items/" + i + "/assignee_id");
      dues[i] = Params.time(checked.getString("due_at"), "/items/" + i + "/due_at");
      creators[i] = creator == null ? actor.userId() : creator;
      locations[i] = Params.uuid(checked.getString("location_id"), "/items/" + i + "/location_id");
      teams[i] = Params.uuid(checked.getString("team_id"), "/items/" + i + "/team_id");
      schedules[i] =
          Params.uuid(checked.getString("pm_schedule_id"), "/items/" + i + "/pm_schedule_id");
      occurrences[i] =
          Params.time(checked.getString("occurrence_at"), "/items/" + i + "/occurrence_at");
      checklists[i] =
          Params.uuid(
              checked.getString("checklist_template_id"), "/items/" + i + "/checklist_template_id");
    }
    Tuple params =
        Tuple.of(actor.orgId(), titles, descriptions, priorities, assets, assignees)
            .addArrayOfOffsetDateTime(dues)
            .addArrayOfUUID(creators)
            .addArrayOfUUID(locations)
            .addArrayOfUUID(teams)
            .addArrayOfUUID(schedules)
            .addArrayOfOffsetDateTime(occurrences)
            .addArrayOfUUID(checklists)
            // The generator's trace, so that the events' consumers continue it (V60).
            .addValue(TraceContext.currentTraceparent());
    return db.tenant(actor.orgId())
        .preparedQuery(INSERT_BATCH)
        .execute(params)
        .compose(rows -> madeBefore(actor, fields, schedules, occurrences, rows));
  }

  /**
   * The batch's reply: each occurrence's row, made by this statement or, where the unique key
   * skipped it, read back (the insert waited for a concurrent maker to commit, so this read sees
   * its row).
   */
  private Future<JsonObject> madeBefore(
      Actor actor,
      List<JsonObject> fields,
      UUID[] schedules,
      OffsetDateTime[] occurrences,
      RowSet<Row> inserted) {
    Map<String, JsonObject> byOccurrence = new HashMap<>();
    for (Row row : inserted) {
      byOccurrence.put(key(row), WorkOrderRows.toJson(row).put("created", true));
    }
    if (byOccurrence.size() == fields.size()) {
      return Future.succeededFuture(items(schedules, occurrences, byOccurrence));
    }
    return db.tenant(actor.orgId())
        .preparedQuery(SELECT_GENERATED_BATCH)
        .execute(
            Tuple.of(actor.orgId()).addArrayOfUUID(schedules).addArrayOfOffsetDateTime(occurrences))
        .map(
            existing -> {
              for (Row row : existing) {
                byOccurrence.putIfAbsent(key(row), WorkOrderRows.toJson(row).put("created", false));
              }
              return items(schedules, occurrences, byOccurrence);
            });
  }

  private static JsonObject items(
      UUID[] schedules, OffsetDateTime[] occurrences, Map<String, JsonObject> byOccurrence) {
    JsonArray items = new JsonArray();
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < schedules.length; i++) {
      String key = key(schedules[i], occurrences[i]);
      JsonObject made = byOccurrence.get(key);
      if (made == null) {
        // Only a concurrent hard delete could do this; there is none.
        throw new IllegalStateException("generated work order vanished");
      }
      // An occurrence asked twice in one batch was made once: its second answer was made before.
      items.add(answered.add(key) ? made : made.copy().put("created", false));
    }
    return new JsonObject().put("items", items);
  }

  private static String key(Row row) {
    return key(row.getUUID("pm_schedule_id"), row.getOffsetDateTime("occurrence_at"));
  }

  private static String key(UUID schedule, OffsetDateTime occurrence) {
    return schedule + "@" + occurrence.toInstant();
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
