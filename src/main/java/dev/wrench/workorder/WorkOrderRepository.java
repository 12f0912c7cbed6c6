package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.IdempotencyStore;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import dev.wrench.tracing.TraceContext;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Work orders, their history and comments: all the SQL that touches them. */
public final class WorkOrderRepository {

  /**
   * One statement, so one round trip and atomic without an explicit transaction: the work order,
   * its history row and its "created" event (the outbox row). The event's work order is built here
   * as {@link #toJson} builds it (timestamps by {@code api_time}, V35), because the row exists only
   * inside the statement; {@code WorkOrderEventsInProcessTest} checks that the two agree.
   */
  private static final String INSERT =
      """
      WITH created AS (
        INSERT INTO work_orders AS w (org_id, number, title, description, priority, asset_id, assignee_id,
                                      requester_id, due_at, created_by)
        VALUES ($1, next_wo_number($1), $2, $3, $4, $5, $6, $7, $8, $9)
        RETURNING %s
      ), history AS (
        INSERT INTO work_order_history (org_id, work_order_id, action, new_value, actor_id)
        SELECT $1, c.id, 'created',
               jsonb_build_object('number', format_wo_number(c.number), 'title', c.title,
                                  'description', c.description, 'status', c.status, 'priority', c.priority,
                                  'asset_id', c.asset_id, 'assignee_id', c.assignee_id,
                                  'requester_id', c.requester_id, 'due_at', c.due_at),
               $9
        FROM created c
      ), event AS (
        INSERT INTO work_order_events (org_id, work_order_id, type, actor_id, data, traceparent)
        SELECT $1, c.id, 'created', $9,
               jsonb_build_object(
                 'actor_id', $9::uuid::text,
                 'work_order', jsonb_build_object(
                   'id', c.id, 'number', format_wo_number(c.number), 'title', c.title,
                   'description', c.description, 'status', c.status, 'priority', c.priority,
                   'asset_id', c.asset_id, 'assignee_id', c.assignee_id, 'requester_id', c.requester_id,
                   'due_at', api_time(c.due_at), 'created_at', api_time(c.created_at),
                   'updated_at', api_time(c.updated_at), 'completed_at', api_time(c.completed_at),
                   'version', c.version)),
               $10
        FROM created c
      )
      SELECT * FROM created w
      """
          .replace("%s", WorkOrderRows.COLUMNS);

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

  private static final String SELECT_FOR_UPDATE =
      "SELECT "
          + WorkOrderRows.COLUMNS
          + ", t.user_id AS assignee_user_id FROM work_orders w"
          + " LEFT JOIN technicians t ON t.org_id = w.org_id AND t.id = w.assignee_id AND t.deleted_at IS NULL"
          + " WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL FOR UPDATE OF w";

  /** Visibility for sub-resources: deleted work orders keep their history readable. */
  private static final String SELECT_ACCESS =
      "SELECT w.requester_id, w.deleted_at, t.user_id AS assignee_user_id FROM work_orders w"
          + " LEFT JOIN technicians t ON t.org_id = w.org_id AND t.id = w.assignee_id AND t.deleted_at IS NULL"
          + " WHERE w.org_id = $1 AND w.id = $2";

  private static final String SELECT_VISIBLE_IN_SITES =
      SELECT_VISIBLE + " AND site_visible($4, " + SITE_OF_W + ")";

  private static final String SELECT_FOR_UPDATE_IN_SITES =
      SELECT_FOR_UPDATE.replace(
          " FOR UPDATE OF w", " AND site_visible($3, " + SITE_OF_W + ") FOR UPDATE OF w");

  private static final String SELECT_ACCESS_IN_SITES =
      SELECT_ACCESS + " AND site_visible($3, " + SITE_OF_W + ")";

  private static final String INSERT_HISTORY_CHANGES =
      "INSERT INTO work_order_history (org_id, work_order_id, action, field, old_value, new_value, actor_id)"
          + " SELECT $1, $2, 'updated', f, o::jsonb, n::jsonb, $3"
          + " FROM unnest($4::text[], $5::text[], $6::text[]) AS u(f, o, n)";

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

  /**
   * A comment takes the work order's row lock, like every other change of it, so that its event
   * takes its place in the order of the work order's events.
   */
  private static final String LOCK_FOR_COMMENT =
      "SELECT 1 FROM work_orders WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE";

  private static final String EXISTS =
      "SELECT 1 FROM work_orders WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL";

  private static final String EXISTS_IN_SITES =
      "SELECT 1 FROM work_orders w WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL"
          + " AND site_visible($3, "
          + SITE_OF_W
          + ")";

  private static final String SELECT_HISTORY =
      "SELECT h.id, h.work_order_id, h.action, h.field, h.old_value, h.new_value, h.actor_id, h.changed_at,"
          + " h.id AS sort_key FROM work_order_history h";

  private static final String COMMENT_COLUMNS =
      "c.id, c.work_order_id, c.author_id, c.body, c.created_at";

  private static final String INSERT_COMMENT =
      "INSERT INTO work_order_comments AS c (org_id, work_order_id, author_id, body) VALUES ($1, $2, $3, $4)"
          + " RETURNING "
          + COMMENT_COLUMNS;

  private static final Keyset LIST_KEYSET =
      new Keyset(
          Map.of(
              "created_at", new Keyset.SortKey("w.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("w.updated_at", Keyset.Type.TIMESTAMP),
              // Work orders without a due date sort after every dated one.
              "due_at",
                  new Keyset.SortKey(
                      "coalesce(w.due_at, 'infinity'::timestamptz)", Keyset.Type.TIMESTAMP),
              "priority", new Keyset.SortKey("w.priority_rank", Keyset.Type.LONG),
              "number", new Keyset.SortKey("w.number", Keyset.Type.LONG)),
          "w.id",
          Keyset.Type.UUID);

  private static final Keyset HISTORY_KEYSET =
      new Keyset(
          Map.of("id", new Keyset.SortKey("h.id", Keyset.Type.LONG)), "h.id", Keyset.Type.LONG);

  private static final Keyset COMMENTS_KEYSET = Keyset.byTime("c", "created_at");

  /** Patchable fields in the order history records them. */
  private static final List<String> PATCHABLE =
      List.of("title", "description", "status", "priority", "asset_id", "assignee_id", "due_at");

  private final RowSecurity db;

  public WorkOrderRepository(RowSecurity db) {
    this.db = db;
  }

  /** {@code params} and, for a caller limited to sites, their user id as the next parameter. */
  private static Tuple inSites(Tuple params, Actor actor) {
    return actor.siteScoped() ? params.addValue(actor.userId()) : params;
  }

  /** A requester sees only what they requested: the id to filter on, else null. */
  private static UUID requesterScope(Actor actor) {
    return actor.hasRole("requester") ? actor.userId() : null;
  }

  /** Creates in the transaction of {@code client} (an idempotency key's). */
  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    return client
        .preparedQuery(INSERT)
        .execute(createParams(actor, body))
        .map(rows -> WorkOrderRows.toJson(rows.iterator().next()));
  }

  /** Creates in one round trip: {@link #INSERT} is one statement. */
  public Future<JsonObject> create(Actor actor, JsonObject body) {
    return db.tenant(actor.orgId())
        .preparedQuery(INSERT)
        .execute(createParams(actor, body))
        .map(rows -> WorkOrderRows.toJson(rows.iterator().next()));
  }

  private static Tuple createParams(Actor actor, JsonObject body) {
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
            .addValue(TraceContext.currentTraceparent());
    return params;
  }

  /**
   * Runs {@code work} on {@code client}, which is always a transaction already: creates run in the
   * tenant transaction that {@link IdempotencyStore#create} opens, with or without a key.
   */
  private static <T> Future<T> inTransaction(
      SqlClient client, java.util.function.Function<SqlClient, Future<T>> work) {
    return work.apply(client);
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
    Keyset.Page page = LIST_KEYSET.page(query, "-created_at");
    SqlBuilder sql =
        new SqlBuilder().where("w.org_id = %s", actor.orgId()).where("w.deleted_at IS NULL");
    UUID requesterScope = requesterScope(actor);
    if (requesterScope != null) {
      sql.where("w.requester_id = %s", requesterScope);
    }
    if (actor.siteScoped()) {
      sql.where("site_visible(%s, " + SITE_OF_W + ")", actor.userId());
    }
    List<String> statuses = Params.anyOf(query, "status");
    if (!statuses.isEmpty()) {
      sql.whereAnyOf("w.status", statuses.toArray(String[]::new));
    }
    List<String> priorities = Params.anyOf(query, "priority");
    if (!priorities.isEmpty()) {
      sql.whereAnyOf("w.priority", priorities.toArray(String[]::new));
    }
    for (String column : List.of("assignee_id", "asset_id", "requester_id")) {
      List<String> ids = Params.anyOf(query, column);
      if (!ids.isEmpty()) {
        sql.whereAnyOf("w." + column, Params.uuids(ids, "/query/" + column));
      }
    }
    if (query.getString("due_before") != null) {
      sql.where("w.due_at < %s", Params.time(query.getString("due_before"), "/query/due_before"));
    }
    if (query.getString("due_after") != null) {
      sql.where("w.due_at > %s", Params.time(query.getString("due_after"), "/query/due_after"));
    }
    if (query.getString("created_after") != null) {
      sql.where(
          "w.created_at > %s",
          Params.time(query.getString("created_after"), "/query/created_after"));
    }
    String q = query.getString("q");
    if (q != null) {
      sql.where("w.search @@ websearch_to_tsquery('english', %s)", q);
    }
    page.seek(sql, query.getString("cursor"));
    // A search runs on the cross-tenant path, still bound to the caller's organization by its
    // first condition (w.org_id = $1, above): under row-level security PostgreSQL may not use an
    // index for a condition that is not leakproof, and tsvector @@ tsquery is not, so the
    // full-text index would go unused and a search would read every row of the tenant.
    RowSecurity.Scope scope = q != null ? db.system() : db.tenant(actor.orgId());
    return page.fetch(scope, WorkOrderRows.COLUMNS, "work_orders w", sql, WorkOrderRows::toJson);
  }

  public Future<JsonObject> patch(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                conn.preparedQuery(
                        actor.siteScoped() ? SELECT_FOR_UPDATE_IN_SITES : SELECT_FOR_UPDATE)
                    .execute(inSites(Tuple.of(actor.orgId(), id), actor))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw BusError.notFound("work order");
                          }
                          Row row = rows.iterator().next();
                          if (actor.hasRole("requester")) {
                            // A requester may not change work orders; one they cannot see does not
                            // exist for them.
                            if (!actor.userId().equals(row.getUUID("requester_id"))) {
                              throw BusError.notFound("work order");
                            }
                            throw BusError.forbidden("requesters cannot change work orders");
                          }
                          boolean assignedToCaller =
                              actor.userId().equals(row.getUUID("assignee_user_id"));
                          if (!WorkOrderRules.mayPatch(
                              actor.role(), assignedToCaller, body.fieldNames())) {
                            throw BusError.forbidden(
                                actor.hasRole("technician") && !assignedToCaller
                                    ? "technicians change only work orders assigned to them"
                                    : "technicians may change only the status");
                          }
                          if (ifMatch != null && !ifMatch.equals(row.getInteger("version"))) {
                            throw new BusError(
                                412,
                                "precondition-failed",
                                "version "
                                    + ifMatch
                                    + " is stale; the current version is "
                                    + row.getInteger("version"));
                          }
                          JsonObject current = WorkOrderRows.toJson(row);
                          Map<String, Object[]> changes = changes(current, body);
                          if (changes.isEmpty()) {
                            return Future.succeededFuture(current);
                          }
                          if (changes.containsKey("status")) {
                            checkTransition(
                                current.getString("status"),
                                body.getString("status"),
                                actor.role());
                          }
                          return update(conn, actor, id, changes);
                        }));
  }

  private static void checkTransition(String from, String to, String role) {
    switch (WorkOrderRules.checkTransition(
        WorkOrderStatus.fromWire(from), WorkOrderStatus.fromWire(to), role)) {
      case INVALID_TRANSITION ->
          throw new BusError(
              409, "invalid-transition", "a work order cannot move from " + from + " to " + to);
      case ROLE_MAY_NOT -> throw BusError.forbidden("only managers reopen completed work orders");
      case ALLOWED -> {}
    }
  }

  /** field → {old, new} for each field whose value the patch really changes. */
  private static Map<String, Object[]> changes(JsonObject current, JsonObject patch) {
    Map<String, Object[]> changes = new LinkedHashMap<>();
    for (String field : PATCHABLE) {
      if (!patch.containsKey(field)) {
        continue;
      }
      Object before = current.getValue(field);
      Object after = patch.getValue(field);
      if (field.equals("due_at") && after != null) {
        after = Rows.format(Params.time((String) after, "/due_at"));
      }
      if (!Objects.equals(before, after)) {
        changes.put(field, new Object[] {before, after});
      }
    }
    return changes;
  }

  private Future<JsonObject> update(
      SqlConnection conn, Actor actor, UUID id, Map<String, Object[]> changes) {
    SqlBuilder sql = new SqlBuilder();
    List<String> sets = new ArrayList<>();
    for (Map.Entry<String, Object[]> change : changes.entrySet()) {
      String field = change.getKey();
      Object value = change.getValue()[1];
      Object param =
          switch (field) {
            case "asset_id", "assignee_id" -> Params.uuid((String) value, "/" + field);
            case "due_at" -> Params.time((String) value, "/due_at");
            default -> value;
          };
      sets.add(field + " = " + sql.param(param));
    }
    if (changes.containsKey("status")) {
      String next = (String) changes.get("status")[1];
      sets.add(next.equals("completed") ? "completed_at = now()" : "completed_at = NULL");
    }
    String text =
        "UPDATE work_orders w SET "
            + String.join(", ", sets)
            + ", version = version + 1, updated_at = now()"
            + " WHERE w.org_id = "
            + sql.param(actor.orgId())
            + " AND w.id = "
            + sql.param(id)
            + " RETURNING "
            + WorkOrderRows.COLUMNS;
    List<String> fields = new ArrayList<>(changes.keySet());
    String[] olds = fields.stream().map(f -> Json.encode(changes.get(f)[0])).toArray(String[]::new);
    String[] news = fields.stream().map(f -> Json.encode(changes.get(f)[1])).toArray(String[]::new);
    return conn.preparedQuery(text)
        .execute(sql.params())
        .compose(
            rows ->
                conn.preparedQuery(INSERT_HISTORY_CHANGES)
                    .execute(
                        Tuple.of(
                            actor.orgId(),
                            id,
                            actor.userId(),
                            fields.toArray(String[]::new),
                            olds,
                            news))
                    .compose(
                        ignored -> {
                          JsonObject updated = WorkOrderRows.toJson(rows.iterator().next());
                          return WorkOrderOutbox.append(
                                  conn,
                                  actor.orgId(),
                                  id,
                                  actor.userId(),
                                  events(updated, changes, actor))
                              .map(updated);
                        }));
  }

  /**
   * The events of one PATCH, in this order: {@code updated} with the changed fields other than the
   * status and the assignee (when there are any), {@code status_changed}, {@code assigned}. Each
   * carries the work order as it is after the change.
   */
  private static List<WorkOrderOutbox.Pending> events(
      JsonObject updated, Map<String, Object[]> changes, Actor actor) {
    List<WorkOrderOutbox.Pending> events = new ArrayList<>();
    String actorId = actor.userId().toString();
    JsonObject fields = new JsonObject();
    changes.forEach(
        (field, change) -> {
          if (!field.equals("status") && !field.equals("assignee_id")) {
            fields.put(field, new JsonObject().put("old", change[0]).put("new", change[1]));
          }
        });
    if (!fields.isEmpty()) {
      events.add(
          new WorkOrderOutbox.Pending(
              WorkOrderEventType.UPDATED,
              new JsonObject()
                  .put("work_order", updated)
                  .put("changes", fields)
                  .put("actor_id", actorId)));
    }
    for (String field : List.of("status", "assignee_id")) {
      Object[] change = changes.get(field);
      if (change != null) {
        events.add(
            new WorkOrderOutbox.Pending(
                field.equals("status")
                    ? WorkOrderEventType.STATUS_CHANGED
                    : WorkOrderEventType.ASSIGNED,
                new JsonObject()
                    .put("work_order", updated)
                    .put("from", change[0])
                    .put("to", change[1])
                    .put("actor_id", actorId)));
      }
    }
    return events;
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
  private Future<Void> checkAccess(
      Actor actor, UUID id, boolean includeDeleted, boolean forWriting) {
    return db.tenant(actor.orgId())
        .preparedQuery(actor.siteScoped() ? SELECT_ACCESS_IN_SITES : SELECT_ACCESS)
        .execute(inSites(Tuple.of(actor.orgId(), id), actor))
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
                  && !actor.userId().equals(row.getUUID("assignee_user_id"))) {
                throw BusError.forbidden(
                    "technicians comment only on work orders assigned to them");
              }
              return null;
            });
  }

  public Future<JsonObject> history(Actor actor, UUID id, JsonObject query) {
    Keyset.Page page = HISTORY_KEYSET.page(query.copy().put("sort", "id"), "id");
    return checkAccess(actor, id, true, false)
        .compose(
            ok -> {
              SqlBuilder sql =
                  new SqlBuilder()
                      .where("h.org_id = %s", actor.orgId())
                      .where("h.work_order_id = %s", id);
              page.seek(sql, query.getString("cursor"));
              return db.tenant(actor.orgId())
                  .preparedQuery(SELECT_HISTORY + sql.whereClause() + page.orderBy())
                  .execute(sql.params())
                  .map(rows -> page.toJson(rows, WorkOrderRepository::historyToJson, "id"));
            });
  }

  private static JsonObject historyToJson(Row row) {
    return new JsonObject()
        .put("id", String.valueOf(row.getLong("id")))
        .put("work_order_id", row.getUUID("work_order_id").toString())
        .put("action", row.getString("action"))
        .put("field", row.getString("field"))
        .put("old_value", jsonValue(row.getValue("old_value")))
        .put("new_value", jsonValue(row.getValue("new_value")))
        .put("actor_id", Rows.uuid(row, "actor_id"))
        .put("changed_at", Rows.time(row, "changed_at"));
  }

  private static Object jsonValue(Object value) {
    return value == Tuple.JSON_NULL ? null : value;
  }

  public Future<JsonObject> createComment(
      SqlClient client, Actor actor, UUID workOrderId, JsonObject body) {
    return checkAccess(actor, workOrderId, false, true)
        .compose(
            ok ->
                inTransaction(
                    client,
                    conn ->
                        conn.preparedQuery(LOCK_FOR_COMMENT)
                            .execute(Tuple.of(actor.orgId(), workOrderId))
                            .compose(
                                locked -> {
                                  if (locked.size() == 0) {
                                    // deleted between the access check and the lock
                                    throw BusError.notFound("work order");
                                  }
                                  return conn.preparedQuery(INSERT_COMMENT)
                                      .execute(
                                          Tuple.of(
                                              actor.orgId(),
                                              workOrderId,
                                              actor.userId(),
                                              body.getString("body")));
                                })
                            .compose(
                                rows -> {
                                  JsonObject comment = commentToJson(rows.iterator().next());
                                  return WorkOrderOutbox.append(
                                          conn,
                                          actor.orgId(),
                                          workOrderId,
                                          actor.userId(),
                                          List.of(
                                              new WorkOrderOutbox.Pending(
                                                  WorkOrderEventType.COMMENTED,
                                                  new JsonObject()
                                                      .put("work_order_id", workOrderId.toString())
                                                      .put("comment", comment)
                                                      .put("actor_id", actor.userId().toString()))))
                                      .map(comment);
                                })));
  }

  public Future<JsonObject> comments(Actor actor, UUID workOrderId, JsonObject query) {
    Keyset.Page page = COMMENTS_KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    return checkAccess(actor, workOrderId, false, false)
        .compose(
            ok -> {
              SqlBuilder sql =
                  new SqlBuilder()
                      .where("c.org_id = %s", actor.orgId())
                      .where("c.work_order_id = %s", workOrderId);
              page.seek(sql, query.getString("cursor"));
              return db.tenant(actor.orgId())
                  .preparedQuery(
                      "SELECT "
                          + COMMENT_COLUMNS
                          + ", "
                          + page.selectKey()
                          + " FROM work_order_comments c"
                          + sql.whereClause()
                          + page.orderBy())
                  .execute(sql.params())
                  .map(
                      (RowSet<Row> rows) ->
                          page.toJson(rows, WorkOrderRepository::commentToJson, "id"));
            });
  }

  private static JsonObject commentToJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("work_order_id", row.getUUID("work_order_id").toString())
        .put("author_id", row.getUUID("author_id").toString())
        .put("body", row.getString("body"))
        .put("created_at", Rows.time(row, "created_at"));
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
