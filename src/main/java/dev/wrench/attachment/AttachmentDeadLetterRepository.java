package dev.wrench.attachment;

import dev.wrench.core.Actor;
import dev.wrench.store.Keyset;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The attachments whose processing failed for good, as an organization's admins see them: listed,
 * and retried (the attachment goes back to the worker's queue with fresh attempts).
 */
final class AttachmentDeadLetterRepository {

  private static final String DEAD_LETTER_COLUMNS =
      "d.id, d.attachment_id, a.work_order_id, d.attempts, d.last_error, d.created_at";

  private static final String RETRY_DEAD_LETTER =
      "WITH letter AS (UPDATE attachment_dead_letters SET retried_at = now()"
          + "  WHERE org_id = $1 AND id = $2 AND retried_at IS NULL RETURNING attachment_id)"
          + " UPDATE attachments a SET status = 'pending', reason = NULL, attempts = 0,"
          + " next_attempt_at = now(), lease_until = NULL, updated_at = now()"
          + " FROM letter WHERE a.id = letter.attachment_id AND a.status = 'failed' RETURNING "
          + AttachmentRows.COLUMNS;

  private static final Keyset DEAD_LETTER_KEYSET = Keyset.byTime("d", "created_at");

  private final RowSecurity db;

  AttachmentDeadLetterRepository(RowSecurity db) {
    this.db = db;
  }

  Future<JsonObject> deadLetters(Actor actor, JsonObject query) {
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
                            .put("work_order_id", dev.wrench.store.Rows.uuid(row, "work_order_id"))
                            .put("attempts", row.getInteger("attempts"))
                            .put("last_error", row.getString("last_error"))
                            .put("created_at", Rows.time(row, "created_at")),
                    "id"));
  }

  Future<JsonObject> retryDeadLetter(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(RETRY_DEAD_LETTER)
        .execute(Tuple.of(actor.orgId(), id))
        .map(rows -> AttachmentRows.one(rows, "dead letter"));
  }
}
