package dev.wrench.labor;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.labor.LaborAccessRepository.Sum;
import dev.wrench.labor.LaborAccessRepository.Technician;
import dev.wrench.labor.LaborAccessRepository.WorkOrder;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Time entries: timers and manual entries of a work order. Each write runs in one transaction with
 * the change of the work order's labor sum (an entry counts once it has ended).
 */
final class TimeEntryRepository {

  private static final String COLUMNS =
      "e.id, e.work_order_id, e.technician_id, e.started_at, e.ended_at, e.minutes,"
          + " e.hourly_rate, e.cost, e.note, e.created_by, e.created_at, e.updated_at, e.version";

  /**
   * A running timer (no {@code ended_at}) that meets another of the technician's waits for it to
   * commit and then inserts nothing (V90's unique index): the caller answers 409.
   */
  private static final String INSERT =
      "INSERT INTO time_entries AS e (org_id, work_order_id, technician_id, started_at, ended_at,"
          + " minutes, hourly_rate, cost, note, created_by)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
          + " ON CONFLICT (org_id, technician_id) WHERE ended_at IS NULL AND deleted_at IS NULL"
          + " DO NOTHING RETURNING "
          + COLUMNS;

  private static final String SELECT_RUNNING =
      "SELECT id, work_order_id FROM time_entries"
          + " WHERE org_id = $1 AND technician_id = $2 AND ended_at IS NULL AND deleted_at IS NULL";

  private static final String SELECT_FOR_UPDATE =
      "SELECT "
          + COLUMNS
          + ", t.user_id AS technician_user_id FROM time_entries e"
          + " JOIN technicians t ON t.org_id = e.org_id AND t.id = e.technician_id"
          + " WHERE e.org_id = $1 AND e.work_order_id = $2 AND e.id = $3 AND e.deleted_at IS NULL"
          + " FOR UPDATE OF e";

  private static final String STOP =
      "UPDATE time_entries e SET ended_at = $3, minutes = $4, cost = $5, updated_at = now(),"
          + " version = version + 1 WHERE e.org_id = $1 AND e.id = $2 RETURNING "
          + COLUMNS;

  private static final String SOFT_DELETE =
      "UPDATE time_entries SET deleted_at = now(), updated_at = now(), version = version + 1"
          + " WHERE org_id = $1 AND id = $2";

  private static final Keyset KEYSET = Keyset.byTime("e", "started_at");

  private final RowSecurity db;

  TimeEntryRepository(RowSecurity db) {
    this.db = db;
  }

  Future<JsonObject> list(Actor actor, UUID workOrderId, JsonObject query) {
    Keyset.Page page = KEYSET.page(query.copy().put("sort", "started_at"), "started_at");
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                LaborAccessRepository.workOrder(conn, actor, workOrderId)
                    .compose(
                        workOrder -> {
                          SqlBuilder sql =
                              new SqlBuilder()
                                  .where("e.org_id = %s", actor.orgId())
                                  .where("e.work_order_id = %s", workOrderId)
                                  .where("e.deleted_at IS NULL");
                          page.seek(sql, query.getString("cursor"));
                          return conn.preparedQuery(
                                  "SELECT "
                                      + COLUMNS
                                      + ", "
                                      + page.selectKey()
                                      + " FROM time_entries e"
                                      + sql.whereClause()
                                      + page.orderBy())
                              .execute(sql.params())
                              .map(rows -> page.toJson(rows, TimeEntryRepository::toJson, "id"));
                        }));
  }

  /** In the transaction of {@code client} (the idempotency store's). */
  Future<JsonObject> create(SqlClient client, Actor actor, UUID workOrderId, JsonObject body) {
    UUID technicianId = Params.uuid(body.getString("technician_id"), "/technician_id");
    return LaborAccessRepository.workOrder(client, actor, workOrderId)
        .compose(
            workOrder ->
                LaborAccessRepository.technician(client, actor, technicianId)
                    .compose(
                        technician -> {
                          checkMayLog(actor, workOrder, technician);
                          TimeEntryInput.Entry entry = TimeEntryInput.of(body, workOrder.now());
                          BigDecimal cost =
                              entry.minutes() == null
                                  ? null
                                  : LaborRules.cost(
                                      entry.minutes(),
                                      technician.hourlyRate(),
                                      workOrder.minorDigits());
                          Tuple params =
                              Tuple.of(
                                      actor.orgId(),
                                      workOrderId,
                                      technician.id(),
                                      entry.startedAt(),
                                      entry.endedAt())
                                  .addValue(
                                      entry.minutes() == null ? null : entry.minutes().intValue())
                                  .addValue(technician.hourlyRate())
                                  .addValue(cost)
                                  .addValue(body.getString("note"))
                                  .addValue(actor.userId());
                          return client
                              .preparedQuery(INSERT)
                              .execute(params)
                              .compose(
                                  rows -> {
                                    if (rows.size() == 0) {
                                      return timerRunning(client, actor, technician.id());
                                    }
                                    JsonObject created = toJson(rows.iterator().next());
                                    return cost == null
                                        ? Future.succeededFuture(created)
                                        : LaborAccessRepository.addToSum(
                                                client, actor, workOrderId, Sum.LABOR, cost)
                                            .map(v -> created.put("work_order_version", v));
                                  });
                        }));
  }

  /** The 409 of a second timer, naming the one that runs. */
  private Future<JsonObject> timerRunning(SqlClient client, Actor actor, UUID technicianId) {
    return client
        .preparedQuery(SELECT_RUNNING)
        .execute(Tuple.of(actor.orgId(), technicianId))
        .map(
            running -> {
              JsonObject members = new JsonObject();
              if (running.size() > 0) {
                Row row = running.iterator().next();
                members
                    .put("running_entry_id", row.getUUID("id").toString())
                    .put("work_order_id", row.getUUID("work_order_id").toString());
              }
              throw new BusError(
                  409,
                  "timer-running",
                  "this technician has a running timer; stop it before starting another",
                  new io.vertx.core.json.JsonArray(),
                  members);
            });
  }

  Future<JsonObject> stop(Actor actor, UUID workOrderId, UUID entryId, JsonObject body) {
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                lockedEntry(conn, actor, workOrderId, entryId)
                    .compose(
                        locked -> {
                          if (locked.endedAt() != null) {
                            throw new BusError(
                                409, "conflict", "this time entry has ended already");
                          }
                          OffsetDateTime startedAt = locked.startedAt();
                          OffsetDateTime endedAt =
                              TimeEntryInput.endedAt(body, locked.workOrder().now());
                          long minutes = LaborRules.minutesBetween(startedAt, endedAt, "/ended_at");
                          BigDecimal cost =
                              LaborRules.cost(
                                  minutes, locked.hourlyRate(), locked.workOrder().minorDigits());
                          return conn.preparedQuery(STOP)
                              .execute(
                                  Tuple.of(actor.orgId(), entryId, endedAt, (int) minutes, cost))
                              .compose(
                                  rows -> {
                                    JsonObject stopped = toJson(rows.iterator().next());
                                    return LaborAccessRepository.addToSum(
                                            conn, actor, workOrderId, Sum.LABOR, cost)
                                        .map(v -> stopped.put("work_order_version", v));
                                  });
                        }));
  }

  /** Deletes the entry; an ended one leaves the labor sum: {@code {work_order_version}}. */
  Future<JsonObject> delete(Actor actor, UUID workOrderId, UUID entryId) {
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                lockedEntry(conn, actor, workOrderId, entryId)
                    .compose(
                        locked ->
                            conn.preparedQuery(SOFT_DELETE)
                                .execute(Tuple.of(actor.orgId(), entryId))
                                .compose(
                                    deleted -> {
                                      BigDecimal cost = locked.cost();
                                      return cost == null
                                          ? Future.succeededFuture(new JsonObject())
                                          : LaborAccessRepository.addToSum(
                                                  conn,
                                                  actor,
                                                  workOrderId,
                                                  Sum.LABOR,
                                                  cost.negate())
                                              .map(
                                                  v ->
                                                      new JsonObject()
                                                          .put("work_order_version", v));
                                    })));
  }

  /** A locked entry: what a stop or delete needs of it (no row outside the repository). */
  private record Locked(
      WorkOrder workOrder,
      OffsetDateTime startedAt,
      OffsetDateTime endedAt,
      BigDecimal hourlyRate,
      BigDecimal cost) {}

  /** The entry, locked, once the caller may change it: the work order's rule, then the entry's. */
  private Future<Locked> lockedEntry(SqlClient conn, Actor actor, UUID workOrderId, UUID entryId) {
    return LaborAccessRepository.workOrder(conn, actor, workOrderId)
        .compose(
            workOrder ->
                conn.preparedQuery(SELECT_FOR_UPDATE)
                    .execute(Tuple.of(actor.orgId(), workOrderId, entryId))
                    .map(
                        rows -> {
                          if (rows.size() == 0) {
                            throw BusError.notFound("time entry");
                          }
                          Row row = rows.iterator().next();
                          boolean own = actor.userId().equals(row.getUUID("technician_user_id"));
                          if (!LaborRules.mayLogTime(
                              actor.role(), own, workOrder.assignedToCaller())) {
                            throw BusError.forbidden(
                                "technicians change only their own time on work orders assigned"
                                    + " to them or their team");
                          }
                          return new Locked(
                              workOrder,
                              row.getOffsetDateTime("started_at"),
                              row.getOffsetDateTime("ended_at"),
                              row.getBigDecimal("hourly_rate"),
                              row.getBigDecimal("cost"));
                        }));
  }

  private static void checkMayLog(Actor actor, WorkOrder workOrder, Technician technician) {
    boolean own = actor.userId().equals(technician.userId());
    if (!LaborRules.mayLogTime(actor.role(), own, workOrder.assignedToCaller())) {
      throw BusError.forbidden(
          own
              ? "technicians log time only on work orders assigned to them or their team"
              : "technicians log only their own time");
    }
  }

  static JsonObject toJson(Row row) {
    BigDecimal cost = row.getBigDecimal("cost");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("work_order_id", row.getUUID("work_order_id").toString())
        .put("technician_id", row.getUUID("technician_id").toString())
        .put("started_at", Rows.time(row, "started_at"))
        .put("ended_at", Rows.time(row, "ended_at"))
        .put("minutes", row.getInteger("minutes"))
        .put("hourly_rate", row.getBigDecimal("hourly_rate").toPlainString())
        .put("cost", cost == null ? null : cost.toPlainString())
        .put("note", row.getString("note"))
        .put("created_by", row.getUUID("created_by").toString())
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("version", row.getInteger("version"));
  }
}
