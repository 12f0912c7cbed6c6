package dev.wrench.notification;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Notification dead letters: written when a job's last attempt fails (inside the transaction that
 * records it, {@link NotificationJobRepository#record}), handed to the Kafka dead-letter topic by
 * the worker (pending, then published: the cross-tenant path), and listed, read and re-driven by
 * people through the API (in their own organization).
 */
final class DeadLetterRepository {

  private static final String HISTORY =
      "coalesce((SELECT jsonb_agg(jsonb_build_object('attempt', a.attempt, 'outcome', a.outcome,"
          + " 'response_status', a.response_status, 'error', a.error, 'duration_ms', a.duration_ms,"
          + " 'attempted_at', to_char(a.attempted_at AT TIME ZONE 'UTC',"
          + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')) ORDER BY a.attempted_at, a.attempt)"
          + " FROM notification_attempts a WHERE a.job_id = $2), '[]'::jsonb)";

  private static final String DEAD_LETTER =
      "INSERT INTO notification_dead_letters AS d (org_id, job_id, reason, attempts, history)"
          + " VALUES ($1, $2, $3, $4, "
          + HISTORY
          + ") RETURNING d.id";

  private static final String DEAD_LETTER_COLUMNS =
      "d.id, d.job_id, d.reason, d.attempts, d.history, d.created_at, d.published_at,"
          + " d.redriven_at, j.event_id, j.event_type, j.work_order_id, j.channel, j.target,"
          + " j.lane, j.status AS job_status";

  private static final String DEAD_LETTER_FROM =
      " FROM notification_dead_letters d JOIN notification_jobs j ON j.id = d.job_id";

  private static final String UNPUBLISHED_DEAD_LETTERS =
      "SELECT "
          + DEAD_LETTER_COLUMNS
          + ", d.org_id, j.event"
          + DEAD_LETTER_FROM
          + " WHERE d.published_at IS NULL ORDER BY d.created_at LIMIT $1";

  private static final String DEAD_LETTER_PUBLISHED =
      "UPDATE notification_dead_letters SET published_at = now() WHERE id = ANY($1)";

  private static final String REDRIVE_JOB =
      "UPDATE notification_jobs SET status = 'pending', attempts = 0, next_attempt_at = now(),"
          + " lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'dead'";

  private static final String REDRIVE_LETTER =
      "UPDATE notification_dead_letters SET redriven_at = now() WHERE org_id = $1 AND id = $2"
          + " AND redriven_at IS NULL";

  private static final Keyset DEAD_LETTER_KEYSET = Keyset.byTime("d", "created_at");

  private final RowSecurity db;

  DeadLetterRepository(RowSecurity db) {
    this.db = db;
  }

  /**
   * Dead-letters job {@code jobId} (already marked dead, on the same {@code client}: one
   * transaction) with its attempts' history → the dead letter as the Kafka dead-letter topic
   * carries it.
   */
  static Future<JsonObject> insert(
      SqlClient client, UUID orgId, UUID jobId, String reason, int attempts) {
    return client
        .preparedQuery(DEAD_LETTER)
        .execute(Tuple.of(orgId, jobId, reason, attempts))
        .compose(
            letter ->
                client
                    .preparedQuery(
                        "SELECT "
                            + DEAD_LETTER_COLUMNS
                            + ", d.org_id, j.event"
                            + DEAD_LETTER_FROM
                            + " WHERE d.id = $1")
                    .execute(Tuple.of(letter.iterator().next().getUUID("id"))))
        .map(letters -> deadLetterMessage(letters.iterator().next()));
  }

  // ---- The worker: dead letters to the Kafka dead-letter topic ----

  /** {@code {limit}} → {@code {items}}: dead letters not yet on the Kafka dead-letter topic. */
  Future<JsonObject> unpublishedDeadLetters(JsonObject body) {
    return db.system()
        .preparedQuery(UNPUBLISHED_DEAD_LETTERS)
        .execute(Tuple.of(body.getInteger("limit", 100)))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(row -> items.add(deadLetterMessage(row)));
              return new JsonObject().put("items", items);
            });
  }

  Future<JsonObject> deadLettersPublished(JsonObject body) {
    return db.system()
        .preparedQuery(DEAD_LETTER_PUBLISHED)
        .execute(Tuple.of((Object) NotificationJobRepository.uuids(body.getJsonArray("ids"))))
        .map(rows -> new JsonObject());
  }

  // ---- People: the admin API ----

  Future<JsonObject> listDeadLetters(Actor actor, JsonObject query) {
    Keyset.Page page =
        DEAD_LETTER_KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    SqlBuilder sql = new SqlBuilder().where("d.org_id = %s", actor.orgId());
    if (!query.getBoolean("include_redriven", false)) {
      sql.where("d.redriven_at IS NULL");
    }
    page.seek(sql, query.getString("cursor"));
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT "
                + DEAD_LETTER_COLUMNS
                + ", "
                + page.selectKey()
                + DEAD_LETTER_FROM
                + sql.whereClause()
                + page.orderBy())
        .execute(sql.params())
        .map(rows -> page.toJson(rows, DeadLetterRepository::deadLetter, "id"));
  }

  Future<JsonObject> getDeadLetter(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT "
                + DEAD_LETTER_COLUMNS
                + ", j.event"
                + DEAD_LETTER_FROM
                + " WHERE d.org_id = $1 AND d.id = $2")
        .execute(Tuple.of(actor.orgId(), id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("dead letter");
              }
              Row row = rows.iterator().next();
              return deadLetter(row).put("event", (JsonObject) row.getJson("event"));
            });
  }

  /** The job goes back to the worker with a fresh set of attempts; 409 when already re-driven. */
  Future<JsonObject> redriveDeadLetter(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .withTransaction(
            client ->
                client
                    .preparedQuery(
                        "SELECT d.job_id, d.redriven_at FROM notification_dead_letters d"
                            + " WHERE d.org_id = $1 AND d.id = $2 FOR UPDATE")
                    .execute(Tuple.of(actor.orgId(), id))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            throw BusError.notFound("dead letter");
                          }
                          Row row = rows.iterator().next();
                          if (row.getOffsetDateTime("redriven_at") != null) {
                            throw new BusError(
                                409,
                                "already-redriven",
                                "this dead letter was re-driven at "
                                    + Rows.time(row, "redriven_at"));
                          }
                          return client
                              .preparedQuery(REDRIVE_LETTER)
                              .execute(Tuple.of(actor.orgId(), id))
                              .compose(
                                  done ->
                                      client
                                          .preparedQuery(REDRIVE_JOB)
                                          .execute(Tuple.of(row.getUUID("job_id"))));
                        }))
        .compose(done -> getDeadLetter(actor, id));
  }

  private static JsonObject deadLetter(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("job_id", row.getUUID("job_id").toString())
        .put("event_id", row.getUUID("event_id").toString())
        .put("event_type", row.getString("event_type"))
        .put("work_order_id", Rows.uuid(row, "work_order_id"))
        .put("channel", row.getString("channel"))
        .put("target", row.getString("target"))
        .put("lane", row.getString("lane"))
        .put("reason", row.getString("reason"))
        .put("attempts", row.getInteger("attempts"))
        .put("history", historyOf(row))
        .put("job_status", row.getString("job_status"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("published_at", Rows.time(row, "published_at"))
        .put("redriven_at", Rows.time(row, "redriven_at"));
  }

  private static JsonArray historyOf(Row row) {
    Object history = row.getJson("history");
    return history instanceof JsonArray array ? array : new JsonArray();
  }

  /** A dead letter as the Kafka dead-letter topic carries it: with its org and its event. */
  private static JsonObject deadLetterMessage(Row row) {
    return deadLetter(row)
        .put("org_id", row.getUUID("org_id").toString())
        .put("event", (JsonObject) row.getJson("event"));
  }
}
