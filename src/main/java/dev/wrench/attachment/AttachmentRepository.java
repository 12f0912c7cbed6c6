package dev.wrench.attachment;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.SqlBuilder;
import dev.wrench.workorder.WorkOrderEventType;
import dev.wrench.workorder.WorkOrderOutbox;
import dev.wrench.workorder.WorkOrderRepository;
import dev.wrench.workorder.WorkOrderRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Attachments as the HTTP side asks for them: an upload begun, completed or aborted, the rows of a
 * work order listed, read, located for download, deleted. Rows are seen through their work order:
 * whoever cannot see the work order cannot see its attachments. The worker's queue is {@link
 * AttachmentQueueRepository}'s, the dead letters {@link AttachmentDeadLetterRepository}'s.
 */
public final class AttachmentRepository {

  /** The work order, locked so that concurrent uploads count attachments one at a time. */
  private static final String LOCK_WORK_ORDER =
      "SELECT w.requester_id, "
          + WorkOrderRules.ASSIGNED_TO_CALLER.formatted("$4")
          + " AS assigned_to_caller,"
          + " (SELECT count(*) FROM attachments a WHERE a.org_id = w.org_id"
          + "  AND a.work_order_id = w.id AND a.deleted_at IS NULL) AS attachments"
          + " FROM work_orders w"
          + " WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL"
          + " AND ($3::uuid IS NULL OR site_visible($3, "
          + WorkOrderRepository.SITE_OF_W
          + ")) FOR UPDATE OF w";

  /** The request, locked so that concurrent uploads count attachments one at a time. */
  private static final String LOCK_REQUEST =
      "SELECT r.requester_id, r.status,"
          + " (SELECT count(*) FROM attachments a WHERE a.org_id = r.org_id"
          + "  AND a.request_id = r.id AND a.deleted_at IS NULL) AS attachments"
          + " FROM requests r WHERE r.org_id = $1 AND r.id = $2"
          + " AND ($3::uuid IS NULL OR r.requester_id = $3)"
          + " AND ($4::uuid IS NULL OR site_visible($4, request_site(r.org_id, r.asset_id, r.location_id)))"
          + " FOR UPDATE OF r";

  private static final String INSERT =
      "INSERT INTO attachments (id, org_id, work_order_id, storage_key, filename, description,"
          + " declared_content_type, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  private static final String INSERT_OF_REQUEST = INSERT.replace("work_order_id", "request_id");

  /**
   * Visible rows: same organization, seen through their parent. A work order's: live, a requester
   * only on their own, its asset's site; a request's: a requester only on their own, its site.
   */
  private static final String VISIBLE =
      " FROM attachments a"
          + " LEFT JOIN work_orders w ON w.org_id = a.org_id AND w.id = a.work_order_id"
          + " LEFT JOIN requests r ON r.org_id = a.org_id AND r.id = a.request_id"
          + " WHERE a.org_id = $1 AND a.id = $2 AND a.deleted_at IS NULL"
          + " AND ((w.id IS NOT NULL AND w.deleted_at IS NULL"
          + "   AND ($3::uuid IS NULL OR w.requester_id = $3)"
          + "   AND ($4::uuid IS NULL OR site_visible($4, "
          + WorkOrderRepository.SITE_OF_W
          + ")))"
          + " OR (r.id IS NOT NULL AND ($3::uuid IS NULL OR r.requester_id = $3)"
          + "   AND ($4::uuid IS NULL OR site_visible($4, request_site(r.org_id, r.asset_id, r.location_id)))))";

  private static final String COMPLETE =
      "UPDATE attachments a SET status = 'pending', size = $3, sha256 = $4, content_type = $5,"
          + " description = $6, next_attempt_at = now(), updated_at = now()"
          + " WHERE a.org_id = $1 AND a.id = $2 AND a.status = 'uploading' RETURNING "
          + AttachmentRows.COLUMNS;

  private static final String ABORT =
      "DELETE FROM attachments WHERE org_id = $1 AND id = $2 AND status = 'uploading'";

  private static final String SOFT_DELETE =
      "UPDATE attachments SET deleted_at = now(), updated_at = now() WHERE org_id = $1 AND id = $2"
          + " AND deleted_at IS NULL";

  private static final Keyset KEYSET = Keyset.byTime("a", "created_at");

  private final RowSecurity db;

  public AttachmentRepository(RowSecurity db) {
    this.db = db;
  }

  private static UUID requesterScope(Actor actor) {
    return actor.hasRole("requester") ? actor.userId() : null;
  }

  /** A caller limited to sites: their user id, for site_visible (V51); else null. */
  private static UUID siteScope(Actor actor) {
    return actor.siteScoped() ? actor.userId() : null;
  }

  public Future<JsonObject> begin(Actor actor, UUID parentId, JsonObject body) {
    return "request".equals(body.getString("parent"))
        ? beginOnRequest(actor, parentId, body)
        : beginOnWorkOrder(actor, parentId, body);
  }

  /**
   * An upload to a request: by whoever can see it (a requester only to their own), while it is
   * pending (after that, its work order takes the files), up to the same maximum.
   */
  private Future<JsonObject> beginOnRequest(Actor actor, UUID requestId, JsonObject body) {
    int max = body.getInteger("max_per_work_order", 100);
    UUID id = UUID.randomUUID();
    String key = StorageKeys.ofRequest(actor.orgId(), requestId, id);
    return db.tenant(actor.orgId())
        .withTransaction(
            client ->
                client
                    .preparedQuery(LOCK_REQUEST)
                    .execute(
                        Tuple.of(actor.orgId(), requestId, requesterScope(actor), siteScope(actor)))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw BusError.notFound("request");
                          }
                          Row row = rows.iterator().next();
                          if (!"pending".equals(row.getString("status"))) {
                            throw new BusError(
                                409,
                                "request-not-pending",
                                "the request is "
                                    + row.getString("status")
                                    + ": attach files to its work order instead");
                          }
                          if (row.getLong("attachments") >= max) {
                            throw new BusError(
                                409,
                                "attachment-limit",
                                "this request already has " + max + " attachments, the maximum");
                          }
                          return client
                              .preparedQuery(INSERT_OF_REQUEST)
                              .execute(
                                  Tuple.from(
                                      new Object[] {
                                        id,
                                        actor.orgId(),
                                        requestId,
                                        key,
                                        body.getString("filename"),
                                        body.getString("description"),
                                        body.getString("declared_content_type"),
                                        actor.userId()
                                      }));
                        })
                    .map(
                        done -> new JsonObject().put("id", id.toString()).put("storage_key", key)));
  }

  private Future<JsonObject> beginOnWorkOrder(Actor actor, UUID workOrderId, JsonObject body) {
    int max = body.getInteger("max_per_work_order", 100);
    UUID id = UUID.randomUUID();
    String key = StorageKeys.of(actor.orgId(), workOrderId, id);
    return db.tenant(actor.orgId())
        .withTransaction(
            client ->
                client
                    .preparedQuery(LOCK_WORK_ORDER)
                    .execute(Tuple.of(actor.orgId(), workOrderId, siteScope(actor), actor.userId()))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw BusError.notFound("work order");
                          }
                          Row row = rows.iterator().next();
                          if (actor.hasRole("requester")
                              && !actor.userId().equals(row.getUUID("requester_id"))) {
                            throw BusError.notFound("work order");
                          }
                          if (actor.hasRole("technician")
                              && !row.getBoolean("assigned_to_caller")) {
                            throw BusError.forbidden(
                                "technicians attach files only to work orders assigned to them or"
                                    + " their team");
                          }
                          if (row.getLong("attachments") >= max) {
                            throw new BusError(
                                409,
                                "attachment-limit",
                                "this work order already has " + max + " attachments, the maximum");
                          }
                          return client
                              .preparedQuery(INSERT)
                              .execute(
                                  Tuple.from(
                                      new Object[] {
                                        id,
                                        actor.orgId(),
                                        workOrderId,
                                        key,
                                        body.getString("filename"),
                                        body.getString("description"),
                                        body.getString("declared_content_type"),
                                        actor.userId()
                                      }));
                        })
                    .map(
                        done -> new JsonObject().put("id", id.toString()).put("storage_key", key)));
  }

  /**
   * The upload is stored: the row becomes {@code pending} for the worker, and a work order's {@code
   * attachment_added} event is written in the same transaction (the outbox). A request's attachment
   * has no event of its own: its work order's is written when the request is approved.
   */
  public Future<JsonObject> complete(Actor actor, UUID id, JsonObject body) {
    return db.tenant(actor.orgId())
        .withTransaction(
            conn ->
                conn.preparedQuery(COMPLETE)
                    .execute(
                        Tuple.of(
                            actor.orgId(),
                            id,
                            body.getLong("size"),
                            body.getString("sha256"),
                            body.getString("content_type"),
                            body.getString("description")))
                    .map(rows -> AttachmentRows.one(rows, "attachment"))
                    .compose(
                        attachment ->
                            attachment.getString("work_order_id") == null
                                ? Future.succeededFuture(attachment)
                                : WorkOrderOutbox.append(
                                        conn,
                                        actor.orgId(),
                                        UUID.fromString(attachment.getString("work_order_id")),
                                        actor.userId(),
                                        List.of(added(actor, attachment)))
                                    .map(attachment)));
  }

  /** The {@code attachment_added} event of a work order's attachment. */
  private static WorkOrderOutbox.Pending added(Actor actor, JsonObject attachment) {
    return new WorkOrderOutbox.Pending(
        WorkOrderEventType.ATTACHMENT_ADDED,
        new JsonObject()
            .put("work_order_id", attachment.getString("work_order_id"))
            .put(
                "attachment",
                new JsonObject()
                    .put("id", attachment.getString("id"))
                    .put("filename", attachment.getString("filename"))
                    .put("content_type", attachment.getString("content_type"))
                    .put("size_bytes", attachment.getLong("size"))
                    .put("created_at", attachment.getString("created_at")))
            .put("actor_id", actor.userId().toString()));
  }

  public Future<JsonObject> abort(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(ABORT)
        .execute(Tuple.of(actor.orgId(), id))
        .map(rows -> new JsonObject());
  }

  public Future<JsonObject> list(Actor actor, UUID workOrderId, JsonObject query) {
    return visibleWorkOrder(actor, workOrderId)
        .compose(ok -> page(actor, "a.work_order_id = %s", workOrderId, query));
  }

  /** The attachments of request {@code requestId}, for whoever can see the request. */
  public Future<JsonObject> listOfRequest(Actor actor, UUID requestId, JsonObject query) {
    return db.tenant(actor.orgId())
        .preparedQuery(LOCK_REQUEST.replace(" FOR UPDATE OF r", ""))
        .execute(Tuple.of(actor.orgId(), requestId, requesterScope(actor), siteScope(actor)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("request");
              }
              return page(actor, "a.request_id = %s", requestId, query);
            });
  }

  /** A page of the live attachments of one parent ({@code parentCondition} on {@code parentId}). */
  private Future<JsonObject> page(
      Actor actor, String parentCondition, UUID parentId, JsonObject query) {
    Keyset.Page page = KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    SqlBuilder sql =
        new SqlBuilder()
            .where("a.org_id = %s", actor.orgId())
            .where(parentCondition, parentId)
            .where("a.deleted_at IS NULL")
            .where("a.status <> 'uploading'");
    page.seek(sql, query.getString("cursor"));
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT "
                + AttachmentRows.COLUMNS
                + ", "
                + page.selectKey()
                + " FROM attachments a"
                + sql.whereClause()
                + page.orderBy())
        .execute(sql.params())
        .map(rows -> page.toJson(rows, AttachmentRows::toJson, "id"));
  }

  private Future<Void> visibleWorkOrder(Actor actor, UUID workOrderId) {
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT 1 FROM work_orders w WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL"
                + " AND ($3::uuid IS NULL OR w.requester_id = $3)"
                + " AND ($4::uuid IS NULL OR site_visible($4, "
                + WorkOrderRepository.SITE_OF_W
                + "))")
        .execute(Tuple.of(actor.orgId(), workOrderId, requesterScope(actor), siteScope(actor)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("work order");
              }
              return null;
            });
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT " + AttachmentRows.COLUMNS + VISIBLE + " AND a.status <> 'uploading'")
        .execute(Tuple.of(actor.orgId(), id, requesterScope(actor), siteScope(actor)))
        .map(rows -> AttachmentRows.one(rows, "attachment"));
  }

  public Future<JsonObject> locate(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT "
                + AttachmentRows.COLUMNS
                + ", a.storage_key"
                + VISIBLE
                + " AND a.status <> 'uploading'")
        .execute(Tuple.of(actor.orgId(), id, requesterScope(actor), siteScope(actor)))
        .map(
            rows -> {
              JsonObject attachment = AttachmentRows.one(rows, "attachment");
              if (!"ready".equals(attachment.getString("status"))) {
                throw new BusError(
                    409,
                    "attachment-not-ready",
                    "the attachment is " + attachment.getString("status") + ", not ready");
              }
              return new JsonObject()
                  .put("attachment", attachment)
                  .put("storage_key", rows.iterator().next().getString("storage_key"));
            });
  }

  /** Whoever may attach to the work order may delete its attachments (as with comments). */
  public Future<JsonObject> delete(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT a.work_order_id, "
                + WorkOrderRules.ASSIGNED_TO_CALLER.formatted("$5")
                + " AS assigned_to_caller"
                + VISIBLE)
        .execute(
            Tuple.of(actor.orgId(), id, requesterScope(actor), siteScope(actor), actor.userId()))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("attachment");
              }
              Row row = rows.iterator().next();
              // A request's attachments: whoever sees the request (a requester only their own).
              if (actor.hasRole("technician")
                  && row.getUUID("work_order_id") != null
                  && !row.getBoolean("assigned_to_caller")) {
                throw BusError.forbidden(
                    "technicians delete attachments only of work orders assigned to them or their"
                        + " team");
              }
              return db.tenant(actor.orgId())
                  .preparedQuery(SOFT_DELETE)
                  .execute(Tuple.of(actor.orgId(), id));
            })
        .map(rows -> new JsonObject());
  }
}
