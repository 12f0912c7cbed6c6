package dev.wrench.attachment;

import dev.wrench.store.RowSecurity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The attachment worker's queue: pending uploads claimed under a lease, finished or retried later
 * (into a dead letter after the last attempt), and the sweep of the objects whose rows are deleted
 * or whose uploads never finished. The worker serves every tenant, so all of it runs on the
 * cross-tenant path (docs/security.md).
 */
final class AttachmentQueueRepository {

  // The batch is picked once, in a MATERIALIZED CTE: a LIMIT ... SKIP LOCKED subquery that the plan
  // rescans picks more rows at each rescan (PmGeneratorRepository's claim did so).
  private static final String CLAIM =
      "WITH picked AS MATERIALIZED (SELECT id FROM attachments WHERE status = 'pending'"
          + "  AND deleted_at IS NULL AND next_attempt_at <= now()"
          + "  AND (lease_until IS NULL OR lease_until < now())"
          + "  ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
          + " UPDATE attachments a SET lease_until = now() + make_interval(secs => $2::double precision / 1000),"
          + " attempts = a.attempts + 1, updated_at = now()"
          + " FROM picked WHERE a.id = picked.id"
          + " RETURNING a.id, a.org_id, a.storage_key, a.size, a.sha256, a.content_type, a.attempts";

  /**
   * The verdict goes to the rows linked from this one too (V86: a request's attachment linked to
   * its work order while the worker still had it), which the worker never claims themselves.
   */
  private static final String FINISH =
      "UPDATE attachments SET status = $2, reason = $3, content_type = $4, size = $5, sha256 = $6,"
          + " thumbnail_key = $7, lease_until = NULL, next_attempt_at = NULL, last_error = NULL,"
          + " updated_at = now() WHERE (id = $1 OR linked_from = $1) AND status = 'pending'";

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

  /**
   * Rows whose object may go; {@code shared}: another live row still refers to the same object (a
   * linked attachment, V86), so the row is done with but its object stays.
   */
  private static final String SWEEP =
      "SELECT a.id, a.storage_key, a.thumbnail_key, EXISTS (SELECT 1 FROM attachments o"
          + "  WHERE o.storage_key = a.storage_key AND o.id <> a.id AND o.deleted_at IS NULL) AS shared"
          + " FROM attachments a"
          + " WHERE (a.deleted_at IS NOT NULL AND a.object_removed_at IS NULL)"
          + " OR (a.status = 'uploading' AND a.created_at < now() - make_interval(secs => $1::double precision / 1000))"
          + " LIMIT $2";

  private static final String OBJECTS_REMOVED =
      "UPDATE attachments SET object_removed_at = now(), deleted_at = coalesce(deleted_at, now()),"
          + " status = CASE WHEN status = 'uploading' THEN 'failed' ELSE status END,"
          + " reason = CASE WHEN status = 'uploading' THEN 'the upload never finished' ELSE reason END"
          + " WHERE id = ANY($1)";

  private static final String KNOWN = "SELECT id FROM attachments WHERE id = ANY($1)";

  private final RowSecurity db;

  AttachmentQueueRepository(RowSecurity db) {
    this.db = db;
  }

  Future<JsonObject> claim(JsonObject body) {
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

  Future<JsonObject> finish(JsonObject body) {
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

  Future<JsonObject> retryLater(JsonObject body) {
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

  Future<JsonObject> sweep(JsonObject body) {
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
                        .put("thumbnail_key", row.getString("thumbnail_key"))
                        .put("shared", row.getBoolean("shared")));
              }
              return new JsonObject().put("items", items);
            });
  }

  Future<JsonObject> objectsRemoved(JsonObject body) {
    return db.system()
        .preparedQuery(OBJECTS_REMOVED)
        .execute(Tuple.of((Object) ids(body.getJsonArray("ids"))))
        .map(rows -> new JsonObject());
  }

  Future<JsonObject> known(JsonObject body) {
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
}
