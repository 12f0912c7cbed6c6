package dev.wrench.pm;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import dev.wrench.store.VersionedTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** PM schedules of an organization, and their recorded occurrences: all the SQL of the API. */
public final class PmScheduleRepository {

  static final String COLUMNS =
      "p.id, p.org_id, p.created_by, p.title, p.description, p.priority, p.asset_id, p.assignee_id,"
          + " p.team_id, p.location_id, p.site_id, p.checklist_template_id, p.lead_time_days,"
          + " p.non_working_days, p.trigger, p.paused, p.next_occurrence_at, p.next_due_at,"
          + " p.awaiting_work_order_id, p.created_at, p.updated_at, p.version";

  /** The fields a create or a patch sets, in this order from $3 on (after org and id or user). */
  private static final String FIELDS =
      "title, description, priority, asset_id, assignee_id, team_id, location_id, site_id,"
          + " checklist_template_id, lead_time_days, non_working_days, trigger_type, trigger, paused,"
          + " next_occurrence_at, next_due_at, awaiting_work_order_id";

  private static final String INSERT =
      "INSERT INTO pm_schedules AS p (org_id, created_by, "
          + FIELDS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
          + " $18, $19) RETURNING "
          + COLUMNS;

  private static final String UPDATE =
      "UPDATE pm_schedules p SET ("
          + FIELDS
          + ", version, updated_at) = ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
          + " $16, $17, $18, $19, p.version + 1, now())"
          + " WHERE p.org_id = $1 AND p.id = $2 AND p.deleted_at IS NULL AND p.version = $20"
          + " RETURNING "
          + COLUMNS;

  private static final String VERSION =
      "SELECT version FROM pm_schedules WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL";

  private static final String ASSET_SITE =
      "SELECT a.site_id FROM assets a WHERE a.org_id = $1 AND a.id = $2 AND a.deleted_at IS NULL";

  private static final String METER =
      "SELECT m.kind, a.site_id FROM meters m JOIN assets a ON a.org_id = m.org_id AND a.id = m.asset_id"
          + " WHERE m.org_id = $1 AND m.id = $2 AND m.deleted_at IS NULL";

  private static final String SITE_VISIBLE = "SELECT site_visible($1, $2) AS visible";

  private static final String LIVE_CHECKLIST_TEMPLATE =
      "SELECT 1 FROM checklist_templates WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL";

  private static final String RECORDED =
      "SELECT occurrence_at, due_at, status, work_order_id FROM pm_occurrences"
          + " WHERE org_id = $1 AND schedule_id = $2 AND occurrence_at >= $3 AND occurrence_at < $4"
          + " ORDER BY occurrence_at";

  private static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "title", new Keyset.SortKey("p.title", Keyset.Type.TEXT),
              "created_at", new Keyset.SortKey("p.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("p.updated_at", Keyset.Type.TIMESTAMP)),
          "p.id",
          Keyset.Type.UUID);

  private final RowSecurity db;
  private final VersionedTable table;

  public PmScheduleRepository(RowSecurity db) {
    this.db = db;
    // Only its soft delete is used: gets and patches need the planning state too.
    this.table =
        new VersionedTable(
            db,
            "pm_schedules",
            "p",
            COLUMNS,
            "pm schedule",
            PmScheduleRepository::toJson,
            Map.of(),
            true);
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("title", row.getString("title"))
        .put("description", row.getString("description"))
        .put("priority", row.getString("priority"))
        .put("asset_id", Rows.uuid(row, "asset_id"))
        .put("assignee_id", Rows.uuid(row, "assignee_id"))
        .put("team_id", Rows.uuid(row, "team_id"))
        .put("location_id", Rows.uuid(row, "location_id"))
        .put("site_id", Rows.uuid(row, "site_id"))
        .put("checklist_template_id", Rows.uuid(row, "checklist_template_id"))
        .put("lead_time_days", row.getInteger("lead_time_days"))
        .put("non_working_days", row.getString("non_working_days"))
        .put("trigger", row.getJsonObject("trigger"))
        .put("paused", row.getBoolean("paused"))
        .put("next_due_at", Rows.time(row, "next_due_at"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }

  static PmSchedule toSchedule(Row row) {
    OffsetDateTime next = row.getOffsetDateTime("next_occurrence_at");
    return new PmSchedule(
        row.getUUID("id"),
        row.getUUID("org_id"),
        row.getUUID("created_by"),
        toJson(row),
        next == null ? null : next.toInstant(),
        row.getUUID("awaiting_work_order_id"));
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** The planning state a write stores with the fields. */
  record Plan(Occurrence next, UUID awaitingWorkOrderId) {}

  private static Tuple fields(Tuple params, JsonObject s, Plan plan) {
    Occurrence next = plan.next();
    return params
        .addValue(s.getString("title"))
        .addValue(s.getString("description"))
        .addValue(s.getString("priority"))
        .addValue(Params.uuid(s.getString("asset_id"), "/asset_id"))
        .addValue(Params.uuid(s.getString("assignee_id"), "/assignee_id"))
        .addValue(Params.uuid(s.getString("team_id"), "/team_id"))
        .addValue(Params.uuid(s.getString("location_id"), "/location_id"))
        .addValue(Params.uuid(s.getString("site_id"), "/site_id"))
        .addValue(Params.uuid(s.getString("checklist_template_id"), "/checklist_template_id"))
        .addValue(s.getInteger("lead_time_days"))
        .addValue(s.getString("non_working_days"))
        .addValue(s.getJsonObject("trigger").getString("type"))
        .addValue(s.getJsonObject("trigger"))
        .addValue(s.getBoolean("paused"))
        .addValue(next == null ? null : time(next.occurrenceAt()))
        .addValue(next == null ? null : time(next.dueAt()))
        .addValue(plan.awaitingWorkOrderId());
  }

  /**
   * Inserts the schedule {@code fields} with {@code client}: the idempotent create's transaction.
   */
  public Future<JsonObject> insert(SqlClient client, Actor actor, JsonObject fields, Plan plan) {
    return client
        .preparedQuery(INSERT)
        .execute(fields(Tuple.of(actor.orgId(), actor.userId()), fields, plan))
        .map(rows -> toJson(rows.iterator().next()));
  }

  /** The schedule, when it exists and this caller may see it's site; else a 404. */
  public Future<PmSchedule> find(Actor actor, UUID id) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM pm_schedules p WHERE p.org_id = $1 AND p.id = $2 AND p.deleted_at IS NULL"
            + (actor.siteScoped() ? " AND site_visible($3, p.site_id)" : "");
    Tuple params = Tuple.of(actor.orgId(), id);
    if (actor.siteScoped()) {
      params.addValue(actor.userId());
    }
    return db.tenant(actor.orgId())
        .preparedQuery(sql)
        .execute(params)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("pm schedule");
              }
              return toSchedule(rows.iterator().next());
            });
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query, "title");
    SqlBuilder sql =
        new SqlBuilder().where("p.org_id = %s", actor.orgId()).where("p.deleted_at IS NULL");
    if (actor.siteScoped()) {
      sql.where("site_visible(%s, p.site_id)", actor.userId());
    }
    if (query.getString("asset_id") != null) {
      sql.where("p.asset_id = %s", Params.uuid(query.getString("asset_id"), "/query/asset_id"));
    }
    if (query.getString("site_id") != null) {
      sql.where("p.site_id = %s", Params.uuid(query.getString("site_id"), "/query/site_id"));
    }
    Object paused = query.getValue("paused");
    if (paused != null) {
      sql.where("p.paused = %s", Boolean.valueOf(String.valueOf(paused)));
    }
    page.seek(sql, query.getString("cursor"));
    return page.fetch(
        db.tenant(actor.orgId()), COLUMNS, "pm_schedules p", sql, PmScheduleRepository::toJson);
  }

  /** Replaces the fields of version {@code ifMatch} of the schedule; stale: 412, gone: 404. */
  public Future<JsonObject> update(
      Actor actor, UUID id, int ifMatch, JsonObject fields, Plan plan) {
    return db.tenant(actor.orgId())
        .preparedQuery(UPDATE)
        .execute(fields(Tuple.of(actor.orgId(), id), fields, plan).addValue(ifMatch))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture(toJson(rows.iterator().next()))
                    : notFoundOrStale(actor, id, ifMatch));
  }

  private Future<JsonObject> notFoundOrStale(Actor actor, UUID id, int ifMatch) {
    return db.tenant(actor.orgId())
        .preparedQuery(VERSION)
        .execute(Tuple.of(actor.orgId(), id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("pm schedule");
              }
              throw new BusError(
                  412,
                  "precondition-failed",
                  "version "
                      + ifMatch
                      + " is stale; the current version is "
                      + rows.iterator().next().getInteger("version"));
            });
  }

  public Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch) {
    return table.softDelete(actor, id, ifMatch);
  }

  /**
   * The site of asset {@code assetId} (null when it has none); an asset that does not exist (or is
   * deleted) is a 422 on {@code /asset_id}. A schedule's site is its asset's, as a work order's is.
   */
  public Future<String> assetSite(Actor actor, UUID assetId) {
    return db.tenant(actor.orgId())
        .preparedQuery(ASSET_SITE)
        .execute(Tuple.of(actor.orgId(), assetId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.unprocessable(
                    "/asset_id", "refers to nothing that exists in this organization");
              }
              return Rows.uuid(rows.iterator().next(), "site_id");
            });
  }

  /**
   * The meter of a meter trigger as {@code {kind, site_id}}; one that does not exist (or is
   * deleted) is a 422 on {@code /trigger/meter_id}.
   */
  public Future<JsonObject> meter(Actor actor, UUID meterId) {
    return db.tenant(actor.orgId())
        .preparedQuery(METER)
        .execute(Tuple.of(actor.orgId(), meterId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.unprocessable(
                    "/trigger/meter_id", "refers to no meter of this organization");
              }
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("kind", row.getString("kind"))
                  .put("site_id", Rows.uuid(row, "site_id"));
            });
  }

  /**
   * Checks that {@code templateId} (when not null) is a live checklist template of the caller's
   * organization, whose items each generated work order copies: 422 otherwise.
   */
  public Future<Void> checkChecklistTemplate(Actor actor, UUID templateId) {
    if (templateId == null) {
      return Future.succeededFuture();
    }
    return db.tenant(actor.orgId())
        .preparedQuery(LIVE_CHECKLIST_TEMPLATE)
        .execute(Tuple.of(actor.orgId(), templateId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.unprocessable(
                    "/checklist_template_id", "refers to nothing that exists in this organization");
              }
              return null;
            });
  }

  /** Whether a caller limited to sites may have a schedule on site {@code siteId}. */
  public Future<Boolean> siteVisible(Actor actor, UUID siteId) {
    return db.tenant(actor.orgId())
        .preparedQuery(SITE_VISIBLE)
        .execute(Tuple.of(actor.userId(), siteId))
        .map(rows -> rows.iterator().next().getBoolean("visible"));
  }

  /** The recorded occurrences of the schedule scheduled in [{@code from}, {@code to}). */
  public Future<JsonArray> recorded(Actor actor, UUID scheduleId, Instant from, Instant to) {
    return db.tenant(actor.orgId())
        .preparedQuery(RECORDED)
        .execute(Tuple.of(actor.orgId(), scheduleId, time(from), time(to)))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              for (Row row : rows) {
                items.add(
                    new JsonObject()
                        .put("occurrence_at", Rows.time(row, "occurrence_at"))
                        .put("due_at", Rows.time(row, "due_at"))
                        .put("status", row.getString("status"))
                        .put("work_order_id", Rows.uuid(row, "work_order_id")));
              }
              return items;
            });
  }
}
