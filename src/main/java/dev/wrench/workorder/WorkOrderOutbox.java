package dev.wrench.workorder;

import dev.wrench.tracing.TraceContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Work order events into the transactional outbox, in the transaction of the change that makes them
 * (a work order's writes, an attachment completed): the relay of the events feature publishes them
 * from there.
 */
public final class WorkOrderOutbox {

  private static final String APPEND =
      "INSERT INTO work_order_events (org_id, work_order_id, type, actor_id, data, traceparent)"
          + " SELECT $1, $2, t, $3, d::jsonb, $6 FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS u(t, d, n)"
          + " ORDER BY n";

  private static final String APPEND_MANY =
      "INSERT INTO work_order_events (org_id, work_order_id, type, actor_id, data, traceparent)"
          + " SELECT o, w, t, $4, d::jsonb, $6"
          + " FROM unnest($1::uuid[], $2::uuid[], $3::text[], $5::text[]) WITH ORDINALITY AS u(o, w, t, d, n)"
          + " ORDER BY n";

  private static final String APPEND_OF_REQUEST =
      "INSERT INTO work_order_events (org_id, request_id, type, actor_id, data, traceparent)"
          + " VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)";

  private WorkOrderOutbox() {}

  /**
   * Appends an event of request {@code requestId} (V87: its subject is the request) on {@code
   * client}, the connection of the transaction that makes the change.
   */
  public static Future<Void> appendOfRequest(
      SqlClient client, UUID orgId, UUID requestId, UUID actorId, Pending event) {
    return client
        .preparedQuery(APPEND_OF_REQUEST)
        .execute(
            Tuple.of(
                orgId,
                requestId,
                event.type().wire(),
                actorId,
                event.data().encode(),
                TraceContext.currentTraceparent()))
        .mapEmpty();
  }

  /** One event to append: its type and its {@code data}. */
  public record Pending(WorkOrderEventType type, JsonObject data) {}

  /**
   * Appends events of one work order, in this order, on {@code client}: the connection of the
   * transaction that makes the change.
   */
  public static Future<Void> append(
      SqlClient client, UUID orgId, UUID workOrderId, UUID actorId, List<Pending> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] types = events.stream().map(e -> e.type().wire()).toArray(String[]::new);
    String[] data = events.stream().map(e -> e.data().encode()).toArray(String[]::new);
    return client
        .preparedQuery(APPEND)
        // The writer's trace (null when tracing is off), continued by the relay when it publishes.
        .execute(
            Tuple.of(orgId, workOrderId, actorId, types, data, TraceContext.currentTraceparent()))
        .mapEmpty();
  }

  /** An event of one work order among several appended at once. */
  public record Of(UUID orgId, UUID workOrderId, Pending event) {}

  /**
   * Appends events of several work orders (of any organizations: the caller's scope must allow it),
   * in this order, in one statement on {@code client}: for writers of many work orders at a time,
   * like the preventive maintenance generator, where a statement each would cost a round trip each.
   */
  public static Future<Void> appendAll(SqlClient client, UUID actorId, List<Of> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] orgs = events.stream().map(Of::orgId).toArray(UUID[]::new);
    UUID[] workOrders = events.stream().map(Of::workOrderId).toArray(UUID[]::new);
    String[] types = events.stream().map(e -> e.event().type().wire()).toArray(String[]::new);
    String[] data = events.stream().map(e -> e.event().data().encode()).toArray(String[]::new);
    return client
        .preparedQuery(APPEND_MANY)
        .execute(
            Tuple.of(orgs, workOrders, types, actorId, data, TraceContext.currentTraceparent()))
        .mapEmpty();
  }
}
