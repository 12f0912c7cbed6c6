package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The work order an approved request becomes, made in the transaction that approves the request
 * (issue 20): the request's row is locked first, so of concurrent approvals the first makes the
 * work order and the others find the request approved (409); the unique index on {@code
 * work_orders.request_id} (V85) would refuse a second work order even so. It lives with work
 * orders, not requests, because it creates a work order as every create does ({@link
 * WorkOrderRepository#create}: number, history, {@code work_order.created}), and a feature may not
 * take another's repository into its own transaction.
 */
final class WorkOrderRequestRepository {

  /** A request's site: its asset's, else its location's (V86). */
  private static final String SITE_OF_R = "request_site(r.org_id, r.asset_id, r.location_id)";

  /** $3: a caller limited to sites, else null. */
  private static final String LOCK_REQUEST =
      "SELECT r.title, r.description, r.asset_id, r.location_id, r.priority, r.status,"
          + " r.requester_id FROM requests r WHERE r.org_id = $1 AND r.id = $2"
          + " AND ($3::uuid IS NULL OR site_visible($3, "
          + SITE_OF_R
          + ")) FOR UPDATE OF r";

  private static final String APPROVE =
      "UPDATE requests SET status = 'approved', work_order_id = $3, decided_by = $4,"
          + " decided_at = now(), updated_at = now(), version = version + 1"
          + " WHERE org_id = $1 AND id = $2 RETURNING request_event_json(requests) AS request";

  /**
   * The request's attachments linked to the work order: a row each over the same stored object
   * (V86), never a copy of the bytes. Rows being deleted are waited for ({@code FOR SHARE}) and
   * then left out, so the sweep never removes an object a linked row still needs. A linked row the
   * worker has not finished with yet stays pending and takes the verdict of its source.
   */
  private static final String LINK_ATTACHMENTS =
      "WITH source AS (SELECT a.* FROM attachments a WHERE a.org_id = $1 AND a.request_id = $2"
          + "  AND a.deleted_at IS NULL AND a.status IN ('pending', 'ready') FOR SHARE)"
          + " INSERT INTO attachments (id, org_id, work_order_id, storage_key, thumbnail_key,"
          + "  filename, description, declared_content_type, content_type, size, sha256, status,"
          + "  reason, uploaded_by, linked_from, created_at)"
          + " SELECT gen_random_uuid(), s.org_id, $3, s.storage_key, s.thumbnail_key, s.filename,"
          + "  s.description, s.declared_content_type, s.content_type, s.size, s.sha256, s.status,"
          + "  s.reason, s.uploaded_by, s.id, s.created_at FROM source s";

  private final RowSecurity db;
  private final WorkOrderRepository workOrders;

  WorkOrderRequestRepository(RowSecurity db, WorkOrderRepository workOrders) {
    this.db = db;
    this.workOrders = workOrders;
  }

  /**
   * Approves request {@code requestId} into a new work order: the request's title, description,
   * asset, location, priority and requester, with {@code overrides}' {@code priority}, {@code
   * assignee_id} and {@code due_at}. Replies the work order.
   */
  Future<JsonObject> approve(Actor actor, UUID requestId, JsonObject overrides) {
    UUID siteScope = actor.siteScoped() ? actor.userId() : null;
    return db.tenant(actor.orgId())
        .withTransaction(
            (SqlConnection client) ->
                client
                    .preparedQuery(LOCK_REQUEST)
                    .execute(Tuple.of(actor.orgId(), requestId, siteScope))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw BusError.notFound("request");
                          }
                          Row request = rows.iterator().next();
                          String status = request.getString("status");
                          if (!"pending".equals(status)) {
                            throw new BusError(
                                409,
                                "request-not-pending",
                                "the request is " + status + ", not pending");
                          }
                          return workOrders.create(
                              client, actor, workOrderOf(request, overrides), requestId);
                        })
                    .compose(
                        workOrder ->
                            client
                                .preparedQuery(APPROVE)
                                .execute(
                                    Tuple.of(
                                        actor.orgId(),
                                        requestId,
                                        UUID.fromString(workOrder.getString("id")),
                                        actor.userId()))
                                .compose(
                                    approved ->
                                        WorkOrderOutbox.appendOfRequest(
                                            client,
                                            actor.orgId(),
                                            requestId,
                                            actor.userId(),
                                            approvedEvent(actor, approved, workOrder)))
                                .compose(
                                    appended ->
                                        client
                                            .preparedQuery(LINK_ATTACHMENTS)
                                            .execute(
                                                Tuple.of(
                                                    actor.orgId(),
                                                    requestId,
                                                    UUID.fromString(workOrder.getString("id")))))
                                .map(workOrder)));
  }

  /** {@code request.approved}: the request as approved, and the work order it became. */
  private static WorkOrderOutbox.Pending approvedEvent(
      Actor actor, io.vertx.sqlclient.RowSet<Row> approved, JsonObject workOrder) {
    return new WorkOrderOutbox.Pending(
        WorkOrderEventType.REQUEST_APPROVED,
        new JsonObject()
            .put(
                "request",
                new JsonObject(approved.iterator().next().getJsonObject("request").encode()))
            .put("work_order_id", workOrder.getString("id"))
            .put("actor_id", actor.userId().toString()));
  }

  /** The create body of the work order: the request's fields, then the approver's overrides. */
  private static JsonObject workOrderOf(Row request, JsonObject overrides) {
    JsonObject body =
        new JsonObject()
            .put("title", request.getString("title"))
            .put("description", request.getString("description"))
            .put("priority", overrides.getString("priority", request.getString("priority")))
            .put("asset_id", uuid(request, "asset_id"))
            .put("location_id", uuid(request, "location_id"))
            // Present even when null: a request from a public link has no requester, and the
            // approver is not one.
            .put("requester_id", uuid(request, "requester_id"))
            .put("assignee_id", overrides.getString("assignee_id"))
            .put("due_at", overrides.getString("due_at"));
    Params.time(body.getString("due_at"), "/due_at");
    return body;
  }

  private static String uuid(Row row, String column) {
    UUID value = row.getUUID(column);
    return value == null ? null : value.toString();
  }
}
