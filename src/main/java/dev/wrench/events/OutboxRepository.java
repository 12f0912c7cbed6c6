package dev.wrench.events;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.tracing.TraceContext;
import dev.wrench.workorder.WorkOrderEventType;
import dev.wrench.workorder.WorkOrderOutbox;
import dev.wrench.workorder.WorkOrderRows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox of work order events and the queries of the relay that publishes it.
 *
 * <p>Writers call {@link #append} with the connection of their own transaction, so an event row
 * exists exactly when its change committed. The relay (in {@code dev.wrench.events}) never touches
 * SQL: it asks over the event bus to {@link #claim} a batch under the relay lease, publishes it,
 * then reports it {@link #markPublished}. The lease, not row locks, keeps several instances from
 * publishing twice or out of order: {@code FOR UPDATE SKIP LOCKED} would let a second relay publish
 * a later event of a work order while the first still holds an earlier one.
 *
 * <p>A bus address whose write appends events is listed in {@code DatabaseVerticle.APPENDS_EVENTS},
 * so that the relay is nudged once the write has committed instead of finding it at its next poll.
 */
public final class OutboxRepository {

  static final String LEASE = "work-orders";

  /** Takes the lease when it is free or expired, renews it when held; a new holder bumps epoch. */
  private static final String TAKE_LEASE =
      "UPDATE event_relay_lease SET epoch = CASE WHEN holder = $2 THEN epoch ELSE epoch + 1 END,"
          + " holder = $2, expires_at = now() + $3::bigint * interval '1 millisecond'"
          + " WHERE name = $1 AND (holder = $2 OR expires_at < now()) RETURNING epoch";

  private static final String RENEW_LEASE =
      "UPDATE event_relay_lease SET expires_at = now() + $4::bigint * interval '1 millisecond'"
          + " WHERE name = $1 AND holder = $2 AND epoch = $3 RETURNING epoch";

  private static final String RELEASE_LEASE =
      "UPDATE event_relay_lease SET expires_at = '-infinity' WHERE name = $1 AND holder = $2";

  private static final String COLUMNS =
      "e.id, e.event_id, e.org_id, e.work_order_id, e.request_id, e.type, e.actor_id, e.data, e.occurred_at,"
          + " e.replay_of IS NOT NULL AS replay, e.traceparent";

  /**
   * The claim's second statement, pipelined after {@link #TAKE_LEASE} in the same transaction: it
   * reads nothing unless that statement left {@code $3} the holder (it has the lease row locked
   * then, so no one else can change that before the commit). Being a statement of its own, it reads
   * with a snapshot taken after the lease was taken, so it sees every mark committed by a holder
   * the lease had to wait for (one CTE with the lease's UPDATE would read with the snapshot of
   * before that wait).
   */
  private static final String UNPUBLISHED_IF_HELD =
      "SELECT "
          + COLUMNS
          + " FROM work_order_events e WHERE e.published_at IS NULL"
          + " AND EXISTS (SELECT 1 FROM event_relay_lease l WHERE l.name = $2 AND l.holder = $3)"
          + " ORDER BY e.id LIMIT $1";

  /**
   * The mark's second statement, pipelined after {@link #RENEW_LEASE}: marks nothing unless that
   * statement found {@code $3} still the holder at epoch {@code $4}.
   */
  private static final String MARK_PUBLISHED_IF_HELD =
      "UPDATE work_order_events SET published_at = now() WHERE id = ANY($1) AND published_at IS NULL"
          + " AND EXISTS (SELECT 1 FROM event_relay_lease l"
          + "   WHERE l.name = $2 AND l.holder = $3 AND l.epoch = $4)";

  private static final String BACKLOG =
      "SELECT count(*) AS pending, min(occurred_at) AS oldest FROM work_order_events WHERE published_at IS NULL";

  /**
   * Open work orders past their due date without an event for that date yet; the rows are locked
   * (skipping ones a write holds) so that the overdue event takes its place in the work order's
   * order of events.
   */
  private static final String OVERDUE =
      "SELECT "
          + WorkOrderRows.COLUMNS
          + ", w.org_id FROM work_orders w"
          + " WHERE w.deleted_at IS NULL AND w.due_at IS NOT NULL AND w.due_at < now()"
          + " AND w.status NOT IN ('completed', 'cancelled')"
          + " AND w.overdue_noticed_due_at IS DISTINCT FROM w.due_at"
          + " ORDER BY w.due_at LIMIT $1 FOR UPDATE OF w SKIP LOCKED";

  /**
   * Marks the due date as noticed on the work order (V76: the check's partial index then drops the
   * row) and in the notices, whose key keeps the event once per work order and due date.
   */
  private static final String NOTICE_OVERDUE =
      "WITH marked AS (UPDATE work_orders SET overdue_noticed_due_at = $2 WHERE id = $1)"
          + " INSERT INTO work_order_overdue_notices (work_order_id, due_at) VALUES ($1, $2)"
          + " ON CONFLICT DO NOTHING RETURNING work_order_id";

  /** Copies of the organization's original events of one work order or a time range, in order. */
  private static final String REPLAY =
      "INSERT INTO work_order_events (event_id, org_id, work_order_id, type, actor_id, data, occurred_at, replay_of, traceparent)"
          + " SELECT e.event_id, e.org_id, e.work_order_id, e.type, e.actor_id, e.data, e.occurred_at, e.id, $5"
          + " FROM work_order_events e"
          + " WHERE e.org_id = $1 AND e.replay_of IS NULL"
          + " AND ($2::uuid IS NULL OR e.work_order_id = $2)"
          + " AND ($3::timestamptz IS NULL OR e.occurred_at >= $3)"
          + " AND ($4::timestamptz IS NULL OR e.occurred_at < $4)"
          + " ORDER BY e.id";

  private static final String WORK_ORDER_EXISTS =
      "SELECT 1 FROM work_orders WHERE org_id = $1 AND id = $2";

  private final RowSecurity db;

  public OutboxRepository(RowSecurity db) {
    this.db = db;
  }

  /**
   * {@code {leased: false}} when another instance holds the lease; else {@code {leased: true,
   * epoch, events: [...]}} with up to {@code limit} unpublished events in order. One round trip:
   * the lease and the read are pipelined in one transaction ({@link RowSecurity.Scope#pipeline}),
   * where a transaction driven statement by statement costs five (BEGIN, the role, the lease, the
   * read, COMMIT); the relay runs this for every batch.
   */
  public Future<JsonObject> claim(String relay, int limit, long leaseMs) {
    return db.system()
        .pipeline(
            List.of(
                new RowSecurity.Sql(TAKE_LEASE, Tuple.of(LEASE, relay, leaseMs)),
                new RowSecurity.Sql(UNPUBLISHED_IF_HELD, Tuple.of(limit, LEASE, relay))))
        .map(
            results -> {
              RowSet<Row> lease = results.get(0);
              if (lease.size() == 0) {
                return new JsonObject().put("leased", false);
              }
              JsonArray events = new JsonArray();
              results.get(1).forEach(row -> events.add(eventToJson(row)));
              return new JsonObject()
                  .put("leased", true)
                  .put("epoch", lease.iterator().next().getLong("epoch"))
                  .put("events", events);
            });
  }

  /**
   * Marks events published while {@code relay} still holds the lease at {@code epoch} (and renews
   * it); fails 409 {@code lease-lost} otherwise. One round trip, as {@link #claim}.
   */
  public Future<JsonObject> markPublished(String relay, long epoch, long leaseMs, List<Long> ids) {
    return db.system()
        .pipeline(
            List.of(
                new RowSecurity.Sql(RENEW_LEASE, Tuple.of(LEASE, relay, epoch, leaseMs)),
                new RowSecurity.Sql(
                    MARK_PUBLISHED_IF_HELD,
                    Tuple.of(ids.toArray(Long[]::new), LEASE, relay, epoch))))
        .map(
            results -> {
              if (results.get(0).size() == 0) {
                throw new BusError(409, "lease-lost", "another instance took over the relay lease");
              }
              return new JsonObject().put("marked", results.get(1).rowCount());
            });
  }

  public Future<JsonObject> release(String relay) {
    return db.system()
        .preparedQuery(RELEASE_LEASE)
        .execute(Tuple.of(LEASE, relay))
        .map(rows -> new JsonObject().put("released", rows.rowCount() > 0));
  }

  /** {@code {pending, oldest_pending_at}}: the events not yet published. */
  public Future<JsonObject> backlog() {
    return db.system()
        .preparedQuery(BACKLOG)
        .execute()
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("pending", row.getLong("pending"))
                  .put("oldest_pending_at", Rows.time(row, "oldest"));
            });
  }

  /**
   * Writes one {@code overdue} event per open work order past its due date, once per work order and
   * due date (a later due date is a new deadline, so it may become overdue again): {@code
   * {written}}.
   */
  public Future<JsonObject> detectOverdue(int limit) {
    return db.system()
        .withTransaction(
            conn ->
                conn.preparedQuery(OVERDUE)
                    .execute(Tuple.of(limit))
                    .compose(
                        rows -> {
                          List<Future<Boolean>> written = new ArrayList<>();
                          for (Row row : rows) {
                            JsonObject workOrder = WorkOrderRows.toJson(row);
                            UUID id = row.getUUID("id");
                            OffsetDateTime dueAt = row.getOffsetDateTime("due_at");
                            written.add(
                                conn.preparedQuery(NOTICE_OVERDUE)
                                    .execute(Tuple.of(id, dueAt))
                                    .compose(
                                        noticed ->
                                            noticed.size() == 0
                                                ? Future.succeededFuture(false)
                                                : WorkOrderOutbox.append(
                                                        conn,
                                                        row.getUUID("org_id"),
                                                        id,
                                                        null,
                                                        List.of(
                                                            new WorkOrderOutbox.Pending(
                                                                WorkOrderEventType.OVERDUE,
                                                                new JsonObject()
                                                                    .put("work_order", workOrder)
                                                                    .put(
                                                                        "due_at",
                                                                        workOrder.getString(
                                                                            "due_at"))
                                                                    .put(
                                                                        "actor_id",
                                                                        (String) null))))
                                                    .map(true)));
                          }
                          return Future.all(written)
                              .map(
                                  all ->
                                      new JsonObject()
                                          .put(
                                              "written",
                                              all.<Boolean>list().stream().filter(w -> w).count()));
                        }));
  }

  /**
   * Re-publishes the organization's events of one work order ({@code work_order_id}) or of a time
   * range ({@code from} inclusive, {@code to} exclusive) as replays: {@code {replayed}}. A work
   * order of another organization does not exist (404).
   */
  public Future<JsonObject> replay(Actor actor, JsonObject body) {
    UUID workOrderId =
        body.getString("work_order_id") == null
            ? null
            : Params.uuid(body.getString("work_order_id"), "/work_order_id");
    OffsetDateTime from =
        body.getString("from") == null ? null : Params.time(body.getString("from"), "/from");
    OffsetDateTime to =
        body.getString("to") == null ? null : Params.time(body.getString("to"), "/to");
    if (workOrderId == null && (from == null || to == null)) {
      throw BusError.badRequest("/", "give work_order_id, or both from and to");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw BusError.badRequest("/to", "must be after from");
    }
    Future<Void> exists =
        workOrderId == null
            ? Future.succeededFuture()
            : db.tenant(actor.orgId())
                .preparedQuery(WORK_ORDER_EXISTS)
                .execute(Tuple.of(actor.orgId(), workOrderId))
                .map(
                    rows -> {
                      if (rows.size() == 0) {
                        throw BusError.notFound("work order");
                      }
                      return null;
                    });
    return exists.compose(
        ok ->
            db.tenant(actor.orgId())
                .preparedQuery(REPLAY)
                .execute(
                    Tuple.of(
                        actor.orgId(), workOrderId, from, to, TraceContext.currentTraceparent()))
                .map(rows -> new JsonObject().put("replayed", rows.rowCount())));
  }

  private static JsonObject eventToJson(Row row) {
    return new JsonObject()
        .put("sequence", row.getLong("id"))
        .put("event_id", row.getUUID("event_id").toString())
        .put("org_id", row.getUUID("org_id").toString())
        .put("work_order_id", Rows.uuid(row, "work_order_id"))
        .put("request_id", Rows.uuid(row, "request_id"))
        .put("type", row.getString("type"))
        .put("data", row.getJsonObject("data"))
        .put("occurred_at", Rows.time(row, "occurred_at"))
        .put("replay", row.getBoolean("replay"))
        .put("traceparent", row.getString("traceparent"));
  }
}
