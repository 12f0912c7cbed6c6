package dev.wrench.attachment;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import dev.wrench.workorder.WorkOrderEventType;
import dev.wrench.workorder.WorkOrderOutbox;
import dev.wrench.workorder.WorkOrderRepository;
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
 * Attachments: their rows (what the API shows) and the state of the worker's job on each. Rows are
 * seen through their work order: whoever cannot see the work order cannot see its attachments.
 */
public final class AttachmentRepository {

  private static final String COLUMNS =
      "a.id, a.work_order_id, a.filename, a.description, a.content_type, a.size, a.sha256,"
          + " a.status, a.reason, a.thumbnail_key IS NOT NULL AS has_thumbnail, a.uploaded_by,"
          + " a.created_at, a.updated_at";

  /** The work order, locked so that concurrent uploads count attachments one at a time. */
  private static final String LOCK_WORK_ORDER =
      "SELECT w.requester_id, t.user_id AS assignee_user_id,"
          + " (SELECT count(*) FROM attachments a WHERE a.org_id = w.org_id"
          + "  AND a.work_order_id = w.id AND a.deleted_at IS NULL) AS attachments"
          + " FROM work_orders w"
          + " LEFT JOIN technicians t ON t.org_id = w.org_id AND t.id = w.assignee_id AND t.deleted_at IS NULL"
          + " WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL"
          + " AND ($3::uuid IS NULL OR site_visible($3, "
          + WorkOrderRepository.SITE_OF_W
          + ")) FOR UPDATE OF w";

  private static final String INSERT =
      "INSERT INTO attachments (id, org_id, work_order_id, storage_key, filename, description,"
          + " declared_content_type, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  /** Visible rows: same organization, live work order, and a requester only on their own. */
  private static final String VISIBLE =
      " FROM attachments a JOIN work_orders w ON w.org_id = a.org_id AND w.id = a.work_order_id"
          + " WHERE a.org_id = $1 AND a.id = $2 AND a.deleted_at IS NULL AND w.deleted_at IS NULL"
          + " AND ($3::uuid IS NULL OR w.requester_id = $3)"
          + " AND ($4::uuid IS NULL OR site_visible($4, "
          + WorkOrderRepository.SITE_OF_W
          + "))";

  private static final String COMPLETE =
      "UPDATE attachments a SET status = 'pending', size = $3, sha256 = $4, content_type = $5,"
          + " description = $6, next_attempt_at = now(), updated_at = now()"
          + " WHERE a.org_id = $1 AND a.id = $2 AND a.status = 'uploading' RETURNING "
          + COLUMNS;

  private static final String ABORT =
      "DELETE FROM attachments WHERE org_id = $1 AND id = $2 AND status = 'uploading'";

  private static final String SOFT_DELETE =
      "UPDATE attachments SET deleted_at = now(), updated_at = now() WHERE org_id = $1 AND id = $2"
          + " AND deleted_at IS NULL";

  private static final String CLAIM =
      "UPDATE attachments a SET lease_until = now() + make_interval(secs => $2::double precision / 1000),"
          + " attempts = a.attempts + 1, updated_at = now()"
          + " WHERE a.id IN (SELECT id FROM attachments WHERE status = 'pending' AND deleted_at IS NULL"
          + "  AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())"
          + "  ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
          + " RETURNING a.id, a.org_id, a.storage_key, a.size, a.sha256, a.content_type, a.attempts";

  private static final String FINISH =
      "UPDATE attachments SET status = $2, reason = $3, content_type = $4, size = $5, sha256 = $6,"
          + " thumbnail_key = $7, lease_until = NULL, next_attempt_at = NULL, last_error = NULL,"
          + " updated_at = now() WHERE id = $1 AND status = 'pending'";

  private static final String RETRY_LATER =
      "UPDATE attachments SET last_error = $2, lease_until = NULL, updated_at = now(),"
          + " status = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'pending' END,"
          + " reason = CASE WHEN attempts >= $4 THEN 'processing failed after ' || attempts || ' attempts' END,"
          + " next_attempt_at = CASE WHEN attempts >= $4 THEN NULL"
          + "  ELSE now() + make_interval(secs => $3::double precision / 1000) END"
          + " WHERE id = $1 AND status = 'pending' RETURNING org_id, status, attempts";

  private static final String DEAD_LETTER =
      "INSERT INTO attachment_dead_letters (org_id, attachment_id, attempts, last_error)"
          + " VALUES ($1, $2, $3, $4)";

  private static final String SWEEP =
      "SELECT id, storage_key, thumbnail_key FROM attachments"
          + " WHERE (deleted_at IS NOT NULL AND object_removed_at IS NULL)"
          + " OR (status = 'uploading' AND created_at < now() - make_interval(secs => $1::double precision / 1000))"
          + " LIMIT $2";

  private static final String OBJECTS_REMOVED =
      "UPDATE attachments SET object_removed_at = now(), deleted_at = coalesce(deleted_at, now()),"
          + " status = CASE WHEN status = 'uploading' THEN 'failed' ELSE status END,"
          + " reason = CASE WHEN status = 'uploading' THEN 'the upload never finished' ELSE reason END"
          + " WHERE id = ANY($1)";

  private static final String KNOWN = "SELECT id FROM attachments WHERE id = ANY($1)";

  private static final String DEAD_LETTER_COLUMNS =
      "d.id, d.attachment_id, a.work_order_id, d.attempts, d.last_error, d.created_at";

  private static final String RETRY_DEAD_LETTER =
      "WITH letter AS (UPDATE attachment_dead_letters SET retried_at = now()"
          + "  WHERE org_id = $1 AND id = $2 AND retried_at IS NULL RETURNING attachment_id)"
          + " UPDATE attachments a SET status = 'pending', reason = NULL, attempts = 0,"
          + " next_attempt_at = now(), lease_until = NULL, updated_at = now()"
          + " FROM letter WHERE a.id = letter.attachment_id AND a.status = 'failed' RETURNING "
          + COLUMNS;

  private static final Keyset KEYSET = Keyset.byTime("a", "created_at");

  private static final Keyset DEAD_LETTER_KEYSET = Keyset.byTime("d", "created_at");

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

  public Future<JsonObject> begin(Actor actor, UUID workOrderId, JsonObject body) {
    int max = body.getInteger("max_per_work_order", 100);
    UUID id = UUID.randomUUID();
    String key = StorageKeys.of(actor.orgId(), workOrderId, id);
    return db.tenant(actor.orgId())
        .withTransaction(
            client ->
                client
                    .preparedQuery(LOCK_WORK_ORDER)
                    .execute(Tuple.of(actor.orgId(), workOrderId, siteScope(actor)))
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
                              && !actor.userId().equals(row.getUUID("assignee_user_id"))) {
                            throw BusError.forbidden(
                                "technicians attach files only to work orders assigned to them");
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
   * The upload is stored: the row becomes {@code pending} for the worker, and the work order's
   * {@code attachment_added} event is written in the same transaction (the outbox).
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
                    .map(rows -> one(rows, "attachment"))
                    .compose(
                        attachment ->
                            WorkOrderOutbox.append(
                                    conn,
                                    actor.orgId(),
                                    UUID.fromString(attachment.getString("work_order_id")),
                                    actor.userId(),
                                    List.of(
                                        new WorkOrderOutbox.Pending(
                                            WorkOrderEventType.ATTACHMENT_ADDED,
                                            new JsonObject()
                                                .put(
                                                    "work_order_id",
                                                    attachment.getString("work_order_id"))
                                                .put(
                                                    "attachment",
                                                    new JsonObject()
                                                        .put("id", attachment.getString("id"))
                                                        .put(
                                                            "filename",
                                                            attachment.getString("filename"))
                                                        .put(
                                                            "content_type",
                                                            attachment.getString("content_type"))
                                                        .put(
                                                            "size_bytes",
                                                            attachment.getLong("size"))
                                                        .put(
                                                            "created_at",
                                                            attachment.getString("created_at")))
                                                .put("actor_id", actor.userId().toString()))))
                                .map(attachment)));
  }

  public Future<JsonObject> abort(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(ABORT)
        .execute(Tuple.of(actor.orgId(), id))
        .map(rows -> new JsonObject());
  }

  public Future<JsonObject> list(Actor actor, UUID workOrderId, JsonObject query) {
    Keyset.Page page = KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    SqlBuilder sql =
        new SqlBuilder()
            .where("a.org_id = %s", actor.orgId())
            .where("a.work_order_id = %s", workOrderId)
            .where("a.deleted_at IS NULL")
            .where("a.status <> 'uploading'");
    page.seek(sql, query.getString("cursor"));
    return visibleWorkOrder(actor, workOrderId)
        .compose(
            ok ->
                db.tenant(actor.orgId())
                    .preparedQuery(
                        "SELECT "
                            + COLUMNS
                            + ", "
                            + page.selectKey()
                            + " FROM attachments a"
                            + sql.whereClause()
                            + page.orderBy())
                    .execute(sql.params())
                    .map(rows -> page.toJson(rows, AttachmentRepository::toJson, "id")));
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
        .preparedQuery("SELECT " + COLUMNS + VISIBLE + " AND a.status <> 'uploading'")
        .execute(Tuple.of(actor.orgId(), id, requesterScope(actor), siteScope(actor)))
        .map(rows -> one(rows, "attachment"));
  }

  public Future<JsonObject> locate(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT " + COLUMNS + ", a.storage_key" + VISIBLE + " AND a.status <> 'uploading'")
        .execute(Tuple.of(actor.orgId(), id, requesterScope(actor), siteScope(actor)))
        .map(
            rows -> {
              JsonObject attachment = one(rows, "attachment");
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
            "SELECT t.user_id AS assignee_user_id"
                + VISIBLE.replace(
                    " WHERE",
                    " LEFT JOIN technicians t ON t.org_id = w.org_id AND t.id = w.assignee_id"
                        + " AND t.deleted_at IS NULL WHERE"))
        .execute(Tuple.of(actor.orgId(), id, requesterScope(actor), siteScope(actor)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("attachment");
              }
              if (actor.hasRole("technician")
                  && !actor.userId().equals(rows.iterator().next().getUUID("assignee_user_id"))) {
                throw BusError.forbidden(
                    "technicians delete attachments only of work orders assigned to them");
              }
              return db.tenant(actor.orgId())
                  .preparedQuery(SOFT_DELETE)
                  .execute(Tuple.of(actor.orgId(), id));
            })
        .map(rows -> new JsonObject());
  }

  public Future<JsonObject> claim(JsonObject body) {
    return db.system()
        .preparedQuery(CLAIM)
        .execute(Tuple.of(body.getInteger("limit", 4), body.getLong("lease_ms", 60_000L)))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              for (Row row : rows) {
                items.add(
                    new JsonObject()
                        .put("id", row.getUUID("id").toString())
                        .put("org_id", row.getUUID("org_id").toString())
                        .put("storage_key", row.getString("storage_key"))
                        .put("size", row.getLong("size"))
                        .put("sha256", row.getString("sha256"))
                        .put("content_type", row.getString("content_type"))
                        .put("attempts", row.getInteger("attempts")));
              }
              return new JsonObject().put("items", items);
            });
  }

  public Future<JsonObject> finish(JsonObject body) {
    return db.system()
        .preparedQuery(FINISH)
        .execute(
            Tuple.from(
                new Object[] {
                  UUID.fromString(body.getString("id")),
                  body.getString("status"),
                  body.getString("reason"),
                  body.getString("content_type"),
                  body.getLong("size"),
                  body.getString("sha256"),
                  body.getString("thumbnail_key")
                }))
        .map(rows -> new JsonObject());
  }

  public Future<JsonObject> retryLater(JsonObject body) {
    UUID id = UUID.fromString(body.getString("id"));
    String error = body.getString("error", "unknown error");
    return db.system()
        .withTransaction(
            client ->
                client
                    .preparedQuery(RETRY_LATER)
                    .execute(
                        Tuple.of(
                            id,
                            error,
                            body.getLong("delay_ms", 1_000L),
                            body.getInteger("max_attempts")))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture(new JsonObject().put("status", "gone"));
                          }
                          Row row = rows.iterator().next();
                          String status = row.getString("status");
                          JsonObject reply = new JsonObject().put("status", status);
                          if (!"failed".equals(status)) {
                            return Future.succeededFuture(reply);
                          }
                          return client
                              .preparedQuery(DEAD_LETTER)
                              .execute(
                                  Tuple.of(
                                      row.getUUID("org_id"), id, row.getInteger("attempts"), error))
                              .map(reply);
                        }));
  }

  public Future<JsonObject> sweep(JsonObject body) {
    return db.system()
        .preparedQuery(SWEEP)
        .execute(
            Tuple.of(body.getLong("stale_upload_ms", 3_600_000L), body.getInteger("limit", 100)))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              for (Row row : rows) {
                items.add(
                    new JsonObject()
                        .put("id", row.getUUID("id").toString())
                        .put("storage_key", row.getString("storage_key"))
                        .put("thumbnail_key", row.getString("thumbnail_key")));
              }
              return new JsonObject().put("items", items);
            });
  }

  public Future<JsonObject> objectsRemoved(JsonObject body) {
    return db.system()
        .preparedQuery(OBJECTS_REMOVED)
        .execute(Tuple.of((Object) ids(body.getJsonArray("ids"))))
        .map(rows -> new JsonObject());
  }

  public Future<JsonObject> known(JsonObject body) {
    return db.system()
        .preparedQuery(KNOWN)
        .execute(Tuple.of((Object) ids(body.getJsonArray("ids"))))
        .map(
            rows -> {
              JsonArray known = new JsonArray();
              rows.forEach(row -> known.add(row.getUUID("id").toString()));
              return new JsonObject().put("known", known);
            });
  }

  private static UUID[] ids(JsonArray values) {
    List<UUID> ids = new ArrayList<>();
    for (Object value : values) {
      ids.add(UUID.fromString((String) value));
    }
    return ids.toArray(new UUID[0]);
  }

  public Future<JsonObject> deadLetters(Actor actor, JsonObject query) {
    Keyset.Page page =
        DEAD_LETTER_KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    SqlBuilder sql =
        new SqlBuilder().where("d.org_id = %s", actor.orgId()).where("d.retried_at IS NULL");
    page.seek(sql, query.getString("cursor"));
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT "
                + DEAD_LETTER_COLUMNS
                + ", "
                + page.selectKey()
                + " FROM attachment_dead_letters d JOIN attachments a ON a.id = d.attachment_id"
                + sql.whereClause()
                + page.orderBy())
        .execute(sql.params())
        .map(
            rows ->
                page.toJson(
                    rows,
                    row ->
                        new JsonObject()
                            .put("id", row.getUUID("id").toString())
                            .put("attachment_id", row.getUUID("attachment_id").toString())
                            .put("work_order_id", row.getUUID("work_order_id").toString())
                            .put("attempts", row.getInteger("attempts"))
                            .put("last_error", row.getString("last_error"))
                            .put("created_at", Rows.time(row, "created_at")),
                    "id"));
  }

  public Future<JsonObject> retryDeadLetter(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(RETRY_DEAD_LETTER)
        .execute(Tuple.of(actor.orgId(), id))
        .map(rows -> one(rows, "dead letter"));
  }

  private static JsonObject one(RowSet<Row> rows, String what) {
    if (rows.size() == 0) {
      throw BusError.notFound(what);
    }
    return toJson(rows.iterator().next());
  }

  static JsonObject toJson(Row row) {
    Long size = row.getLong("size");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("work_order_id", row.getUUID("work_order_id").toString())
        .put("filename", row.getString("filename"))
        .put("description", row.getString("description"))
        .put("content_type", row.getString("content_type"))
        .put("size", size)
        .put("sha256", row.getString("sha256"))
        .put("status", row.getString("status"))
        .put("reason", row.getString("reason"))
        .put("has_thumbnail", row.getBoolean("has_thumbnail"))
        .put("uploaded_by", row.getUUID("uploaded_by").toString())
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"));
  }
}
