package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.SqlBuilder;
import dev.wrench.tracing.TraceContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A work order itself: created, read, listed and searched, deleted, and whether a caller may see it
 * (for its history and comments). A PATCH is {@link WorkOrderPatchRepository}'s; history and
 * comments have their own repositories; the list's conditions are {@link WorkOrderListQuery}'s.
 */
public final class WorkOrderRepository {

  /**
   * One statement, so one round trip and atomic without an explicit transaction: the work order,
   * its history row and its "created" event (the outbox row, {@link WorkOrderCreatedRecords}).
   */
  private static final String INSERT_TEMPLATE =
      """
      WITH created AS (
        INSERT INTO work_orders AS w (org_id, number, title, description, priority, asset_id, assignee_id,
                                      requester_id, due_at, created_by, type, location_id, team_id,
                                      pm_schedule_id, occurrence_at, checklist_template_id,
                                      follow_up_of, source_item_key, request_id)
        VALUES ($1, next_wo_number($1), $2, $3, $4, $5, $6, $7, $8, $9, $11, $12, $13, $14, $15,
                $16, $17, $18, $19)
        %conflict
        RETURNING %s, w.org_id, w.created_by
      ),
      """
              .replace("%s", WorkOrderRows.COLUMNS)
          + WorkOrderCreatedRecords.sql("$10");

  /** The HTTP create's statement. */
  private static final String INSERT = INSERT_TEMPLATE.replace("%conflict", "");

  /**
   * The insert of a generated work order: a second one for the same (schedule, occurrence) inserts
   * nothing, so it writes neither history nor event (the CTEs read the empty {@code created}), and
   * waits for a concurrent first one to commit rather than failing (V63's unique index).
   */
  static final String INSERT_GENERATED =
      INSERT_TEMPLATE.replace(
          "%conflict",
          "ON CONFLICT (org_id, pm_schedule_id, occurrence_at) WHERE pm_schedule_id IS NOT NULL"
              + " DO NOTHING");

  /**
   * The insert of a follow-up work order of a failed checklist item: a second one for the same
   * (work order, item) inserts nothing, and waits for a concurrent first one to commit (V80's
   * unique index), so that an item opens exactly one.
   */
  static final String INSERT_FOLLOW_UP =
      INSERT_TEMPLATE.replace(
          "%conflict",
          "ON CONFLICT (org_id, follow_up_of, source_item_key) WHERE follow_up_of IS NOT NULL"
              + " DO NOTHING");

  static final String SELECT_GENERATED =
      "SELECT "
          + WorkOrderRows.COLUMNS
          + " FROM work_orders w"
          + " WHERE w.org_id = $1 AND w.pm_schedule_id = $2 AND w.occurrence_at = $3";

  /**
   * A work order's site is its asset's. For callers limited to sites (V51's site_visible), the
   * statements below have a variant with that condition and the caller's user id as the last
   * parameter; callers limited to no site run the plain ones, as before sites existed.
   */
  public static final String SITE_OF_W =
      "(SELECT sa.site_id FROM assets sa WHERE sa.org_id = w.org_id AND sa.id = w.asset_id)";

  /** $3: the caller's user id when they may see only work orders they requested, else null. */
  private static final String SELECT_VISIBLE =
      "SELECT "
          + WorkOrderRows.COLUMNS
          + " FROM work_orders w"
          + " WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL"
          + " AND ($3::uuid IS NULL OR w.requester_id = $3)";

  /**
   * Visibility for sub-resources: deleted work orders keep their history readable. $3: the caller's
   * user id.
   */
  private static final String SELECT_ACCESS =
      "SELECT w.requester_id, w.deleted_at, "
          + WorkOrderRules.ASSIGNED_TO_CALLER.formatted("$3")
          + " AS assigned_to_caller FROM work_orders w WHERE w.org_id = $1 AND w.id = $2";

  private static final String SELECT_VISIBLE_IN_SITES =
      SELECT_VISIBLE + " AND site_visible($4, " + SITE_OF_W + ")";

  private static final String SELECT_ACCESS_IN_SITES =
      SELECT_ACCESS + " AND site_visible($3, " + SITE_OF_W + ")";

  private static final String SOFT_DELETE =
      """
      WITH deleted AS (
        UPDATE work_orders w SET deleted_at = now(), updated_at = now(), version = version + 1
        WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL AND ($3::int IS NULL OR w.version = $3)
        RETURNING w.id, w.version
      ), history AS (
        INSERT INTO work_order_history (org_id, work_order_id, action, actor_id)
        SELECT $1, d.id, 'deleted', $4 FROM deleted d
      ), event AS (
        INSERT INTO work_order_events (org_id, work_order_id, type, actor_id, data)
        SELECT $1, d.id, 'deleted', $4,
               jsonb_build_object('work_order_id', d.id, 'version', d.version, 'actor_id', $4::uuid)
        FROM deleted d
      )
      SELECT id FROM deleted
      """;

  private static final String SOFT_DELETE_IN_SITES =
      SOFT_DELETE.replace(
          "($3::int IS NULL OR w.version = $3)",
          "($3::int IS NULL OR w.version = $3) AND site_visible($5, " + SITE_OF_W + ")");

  private static final String EXISTS =
      "SELECT 1 FROM work_orders WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL";

  private static final String EXISTS_IN_SITES =
      "SELECT 1 FROM work_orders w WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL"
          + " AND site_visible($3, "
          + SITE_OF_W
          + ")";

  private final RowSecurity db;

  public WorkOrderRepository(RowSecurity db) {
    this.db = db;
  }

  /** {@code params} and, for a caller limited to sites, their user id as the next parameter. */
  static Tuple inSites(Tuple params, Actor actor) {
    return actor.siteScoped() ? params.addValue(actor.userId()) : params;
  }

  /** A requester sees only what they requested: the id to filter on, else null. */
  static UUID requesterScope(Actor actor) {
    return actor.hasRole("requester") ? actor.userId() : null;
  }

  /** Creates in the transaction of {@code client} (an idempotency key's). */
  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    return client
        .preparedQuery(INSERT)
        .execute(createParams(actor, body, false))
        .map(rows -> WorkOrderRows.toJson(rows.iterator().next()));
  }

  /**
   * Creates, in the transaction of {@code client}, the work order request {@code requestId} became.
   */
  Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body, UUID requestId) {
    return client
        .preparedQuery(INSERT)
        .execute(createParams(actor, body, false, requestId))
        .map(rows -> WorkOrderRows.toJson(rows.iterator().next()));
  }

  /** Creates in one round trip: {@link #INSERT} is one statement. */
  public Future<JsonObject> create(Actor actor, JsonObject body) {
    return db.tenant(actor.orgId())
        .preparedQuery(INSERT)
        .execute(createParams(actor, body, false))
        .map(rows -> WorkOrderRows.toJson(rows.iterator().next()));
  }

  /**
   * The parameters of {@link #INSERT_TEMPLATE}; {@code generated}: the schedule and occurrence come
   * from the body (generation), else they are null (the HTTP create does not set them).
   */
  static Tuple createParams(Actor actor, JsonObject body, boolean generated) {
    return createParams(actor, body, generated, null, null, null);
  }

  /**
   * {@link #createParams(Actor, JsonObject, boolean)} of a follow-up work order: {@code followUpOf}
   * and {@code sourceItemKey} name the work order and the failed checklist item that opened it.
   */
  static Tuple createParams(
      Actor actor, JsonObject body, boolean generated, UUID followUpOf, String sourceItemKey) {
    return createParams(actor, body, generated, followUpOf, sourceItemKey, null);
  }

  /**
   * {@link #createParams(Actor, JsonObject, boolean)} of a work order an approved request becomes:
   * {@code requestId} is never taken from a body (the HTTP create has no such field).
   */
  static Tuple createParams(Actor actor, JsonObject body, boolean generated, UUID requestId) {
    return createParams(actor, body, generated, null, null, requestId);
  }

  private static Tuple createParams(
      Actor actor,
      JsonObject body,
      boolean generated,
      UUID followUpOf,
      String sourceItemKey,
      UUID requestId) {
    UUID requester =
        actor.hasRole("requester")
            ? actor.userId()
            : body.containsKey("requester_id")
                ? Params.uuid(body.getString("requester_id"), "/requester_id")
                : actor.userId();
    Tuple params =
        Tuple.of(
                actor.orgId(),
                body.getString("title"),
                body.getString("description"),
                body.getString("priority", "medium"),
                Params.uuid(body.getString("asset_id"), "/asset_id"))
            .addValue(Params.uuid(body.getString("assignee_id"), "/assignee_id"))
            .addValue(requester)
            .addValue(Params.time(body.getString("due_at"), "/due_at"))
            .addValue(actor.userId())
            // The writer's trace, so that the event's consumers continue it (V60).
            .addValue(TraceContext.currentTraceparent())
            .addValue(WorkOrderRules.type(body.getString("type", "corrective"), "/type"))
            .addValue(Params.uuid(body.getString("location_id"), "/location_id"))
            .addValue(Params.uuid(body.getString("team_id"), "/team_id"))
            // Set by generation only (the HTTP create has no schedule or occurrence).
            .addValue(
                generated ? Params.uuid(body.getString("pm_schedule_id"), "/pm_schedule_id") : null)
            .addValue(
                generated ? Params.time(body.getString("occurrence_at"), "/occurrence_at") : null)
            .addValue(
                Params.uuid(body.getString("checklist_template_id"), "/checklist_template_id"))
            .addValue(followUpOf)
            .addValue(sourceItemKey)
            .addValue(requestId);
    return params;
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(actor.siteScoped() ? SELECT_VISIBLE_IN_SITES : SELECT_VISIBLE)
        .execute(inSites(Tuple.of(actor.orgId(), id, requesterScope(actor)), actor))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("work order");
              }
              return WorkOrderRows.toJson(rows.iterator().next());
            });
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = WorkOrderListQuery.KEYSET.page(query, "-created_at");
    SqlBuilder sql = WorkOrderListQuery.conditions(actor, query);
    page.seek(sql, query.getString("cursor"));
    // A search runs on the cross-tenant path, still bound to the caller's organization by its
    // first condition (w.org_id = $1, WorkOrderListQuery): under row-level security PostgreSQL may
    // not use an index for a condition that is not leakproof, and tsvector @@ tsquery is not, so
    // the full-text index would go unused and a search would read every row of the tenant.
    RowSecurity.Scope scope =
        WorkOrderListQuery.search(query) != null ? db.system() : db.tenant(actor.orgId());
    return page.fetch(scope, WorkOrderRows.COLUMNS, "work_orders w", sql, WorkOrderRows::toJson);
  }

  public Future<JsonObject> delete(Actor actor, UUID id, Integer ifMatch) {
    return db.tenant(actor.orgId())
        .preparedQuery(actor.siteScoped() ? SOFT_DELETE_IN_SITES : SOFT_DELETE)
        .execute(inSites(Tuple.of(actor.orgId(), id, ifMatch, actor.userId()), actor))
        .compose(
            rows -> {
              if (rows.size() > 0) {
                return Future.succeededFuture(new JsonObject());
              }
              return db.tenant(actor.orgId())
                  .preparedQuery(actor.siteScoped() ? EXISTS_IN_SITES : EXISTS)
                  .execute(inSites(Tuple.of(actor.orgId(), id), actor))
                  .map(
                      exists -> {
                        if (exists.size() == 0) {
                          throw BusError.notFound("work order");
                        }
                        throw new BusError(
                            412, "precondition-failed", "version " + ifMatch + " is stale");
                      });
            });
  }

  /**
   * Checks that the caller can see work order {@code id} (404 otherwise) and, when {@code
   * forWriting}, may comment on it (403 otherwise).
   */
  Future<Void> checkAccess(Actor actor, UUID id, boolean includeDeleted, boolean forWriting) {
    return db.tenant(actor.orgId())
        .preparedQuery(actor.siteScoped() ? SELECT_ACCESS_IN_SITES : SELECT_ACCESS)
        .execute(Tuple.of(actor.orgId(), id, actor.userId()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("work order");
              }
              Row row = rows.iterator().next();
              if (!includeDeleted && row.getOffsetDateTime("deleted_at") != null) {
                throw BusError.notFound("work order");
              }
              if (actor.hasRole("requester")
                  && !actor.userId().equals(row.getUUID("requester_id"))) {
                throw BusError.notFound("work order");
              }
              if (forWriting
                  && actor.hasRole("technician")
                  && !row.getBoolean("assigned_to_caller")) {
                throw BusError.forbidden(
                    "technicians comment only on work orders assigned to them or their team");
              }
              return null;
            });
  }

  /**
   * The backlog across organizations for the gauges: a count over the live rows, refreshed by one
   * verticle every {@code database.backlog_refresh_seconds} (30 by default: a sequential scan of a
   * quarter of a second at 286,000 rows on a loaded machine, so a few percent of a core at most).
   */
  public Future<JsonObject> backlog() {
    return db.system()
        .query(
            """
            SELECT count(*) AS open,
                   count(*) FILTER (WHERE due_at < now()) AS overdue
            FROM work_orders
            WHERE deleted_at IS NULL AND status IN ('open', 'in_progress', 'on_hold')
            """)
        .execute()
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("open", row.getLong("open"))
                  .put("overdue", row.getLong("overdue"));
            });
  }
}
