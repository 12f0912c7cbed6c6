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
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Notifications: webhook subscriptions (the API's), and the notification worker's delivery jobs,
 * attempts and dead letters. The worker holds no SQL: it asks over the event bus (see {@code
 * Addresses.NOTIFICATIONS_*}).
 */
public final class NotificationRepository {

  private static final String WEBHOOK_COLUMNS =
      "s.id, s.url, s.event_types, s.description, s.version, s.created_at, s.updated_at,"
          + " CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret_expires_at END"
          + " AS previous_secret_expires_at";

  private static final String INSERT_WEBHOOK =
      "INSERT INTO webhook_subscriptions AS s (org_id, url, event_types, description, secret,"
          + " created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
          + WEBHOOK_COLUMNS;

  private static final String SELECT_WEBHOOK =
      "SELECT "
          + WEBHOOK_COLUMNS
          + " FROM webhook_subscriptions s WHERE s.org_id = $1 AND s.id = $2 AND s.deleted_at IS NULL";

  /** $3: the If-Match version or null (any version). Changed fields only (coalesce). */
  private static final String PATCH_WEBHOOK =
      "UPDATE webhook_subscriptions AS s SET url = coalesce($4, s.url),"
          + " event_types = coalesce($5, s.event_types),"
          + " description = CASE WHEN $6 THEN $7 ELSE s.description END,"
          + " version = s.version + 1, updated_at = now()"
          + " WHERE s.org_id = $1 AND s.id = $2 AND s.deleted_at IS NULL"
          + " AND ($3::integer IS NULL OR s.version = $3) RETURNING "
          + WEBHOOK_COLUMNS;

  private static final String DELETE_WEBHOOK =
      "UPDATE webhook_subscriptions SET deleted_at = now(), updated_at = now()"
          + " WHERE org_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id";

  /** The current secret becomes the previous one, valid for $4 more seconds. */
  private static final String ROTATE_WEBHOOK =
      "UPDATE webhook_subscriptions AS s SET previous_secret = s.secret, secret = $3,"
          + " previous_secret_expires_at = now() + make_interval(secs => $4::double precision),"
          + " version = s.version + 1, updated_at = now()"
          + " WHERE s.org_id = $1 AND s.id = $2 AND s.deleted_at IS NULL RETURNING "
          + WEBHOOK_COLUMNS;

  /**
   * Expands one event into jobs: a webhook per live subscription whose filter has the event's short
   * type, and an e-mail per recipient user ($8: e-mail on; $9: users by id; $10: technicians, whose
   * user is told; $11: the organization's managers). A job already there (the same event consumed
   * again) is left alone.
   */
  private static final String EXPAND =
      "INSERT INTO notification_jobs (org_id, event_id, event_type, work_order_id, channel, target,"
          + " subscription_id, user_id, lane, event)"
          + " SELECT $1, $2, $3, $4, c.channel, c.target, c.subscription_id, c.user_id, $5, $6::jsonb"
          + " FROM (SELECT 'webhook' AS channel, s.id::text AS target, s.id AS subscription_id,"
          + "         NULL::uuid AS user_id"
          + "       FROM webhook_subscriptions s"
          + "       WHERE s.org_id = $1 AND s.deleted_at IS NULL AND $7 = ANY(s.event_types)"
          + "       UNION ALL"
          + "       SELECT 'email', u.id::text, NULL::uuid, u.id FROM users u"
          + "       WHERE $8 AND u.org_id = $1 AND u.active AND (u.id = ANY($9::uuid[])"
          + "         OR u.id IN (SELECT t.user_id FROM technicians t WHERE t.org_id = $1"
          + "                     AND t.id = ANY($10::uuid[]) AND t.user_id IS NOT NULL)"
          + "         OR ($11 AND u.role = 'manager'))) c"
          + " ON CONFLICT (event_id, channel, target) DO NOTHING RETURNING id";

  /**
   * Takes due jobs of a lane ($1) whose target is not busy ($4) and leases them; with what the
   * worker needs to deliver them (the subscription's URL and secrets, the user's address).
   */
  private static final String CLAIM =
      "WITH claimed AS ("
          + " UPDATE notification_jobs j"
          + " SET lease_until = now() + make_interval(secs => $3::double precision / 1000),"
          + " updated_at = now()"
          + " FROM (SELECT id FROM notification_jobs WHERE status = 'pending' AND lane = $1"
          + "   AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())"
          + "   AND NOT (target = ANY($4::text[]))"
          + "   ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED) due"
          + " WHERE j.id = due.id"
          + " RETURNING j.id, j.org_id, j.event_id, j.channel, j.target, j.event, j.attempts,"
          + " j.subscription_id, j.user_id, j.lane)"
          + " SELECT c.*, s.url, s.secret, s.deleted_at IS NOT NULL AS subscription_deleted,"
          + " CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END"
          + " AS previous_secret, u.email, u.name AS user_name, u.active AS user_active"
          + " FROM claimed c LEFT JOIN webhook_subscriptions s ON s.id = c.subscription_id"
          + " LEFT JOIN users u ON u.id = c.user_id";

  private static final String RELEASE =
      "UPDATE notification_jobs SET lease_until = NULL WHERE id = ANY($1) AND status = 'pending'";

  private static final String INSERT_ATTEMPT =
      "INSERT INTO notification_attempts (job_id, org_id, subscription_id, attempt, outcome,"
          + " response_status, error, duration_ms)"
          + " SELECT j.id, j.org_id, j.subscription_id, j.attempts + 1, $2, $3, $4, $5"
          + " FROM notification_jobs j WHERE j.id = $1 AND j.status = 'pending'";

  private static final String DELIVERED =
      "UPDATE notification_jobs SET status = 'delivered', attempts = attempts + 1,"
          + " delivered_at = now(), lease_until = NULL, last_error = NULL, updated_at = now()"
          + " WHERE id = $1 AND status = 'pending' RETURNING id";

  /** $3 the delay before the next attempt, $4 the most attempts: then the job is dead. */
  private static final String FAILED =
      "UPDATE notification_jobs SET attempts = attempts + 1, last_error = $2, lease_until = NULL,"
          + " updated_at = now(),"
          + " status = CASE WHEN attempts + 1 >= $4 THEN 'dead' ELSE 'pending' END,"
          + " next_attempt_at = CASE WHEN attempts + 1 >= $4 THEN next_attempt_at"
          + "   ELSE now() + make_interval(secs => $3::double precision / 1000) END"
          + " WHERE id = $1 AND status = 'pending'"
          + " RETURNING org_id, status, attempts";

  private static final String CANCEL =
      "UPDATE notification_jobs SET status = 'cancelled', last_error = $2, lease_until = NULL,"
          + " updated_at = now() WHERE id = $1 AND status = 'pending'";

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

  private static final String BACKLOG =
      "SELECT count(*) FILTER (WHERE status = 'pending') AS pending,"
          + " count(*) FILTER (WHERE status = 'pending' AND lane = 'critical') AS critical_pending,"
          + " (SELECT count(*) FROM notification_dead_letters WHERE redriven_at IS NULL)"
          + " AS dead_letters"
          + " FROM notification_jobs WHERE status = 'pending'";

  private static final Keyset WEBHOOK_KEYSET = Keyset.byTime("s", "created_at");

  private static final Keyset ATTEMPT_KEYSET = Keyset.byTime("a", "attempted_at");

  private static final Keyset DEAD_LETTER_KEYSET = Keyset.byTime("d", "created_at");

  private final RowSecurity db;

  public NotificationRepository(RowSecurity db) {
    this.db = db;
  }

  // ---- Webhook subscriptions (the API) ----

  public Future<JsonObject> createWebhook(Actor actor, JsonObject body) {
    return db.tenant(actor.orgId())
        .preparedQuery(INSERT_WEBHOOK)
        .execute(
            Tuple.from(
                new Object[] {
                  actor.orgId(),
                  body.getString("url"),
                  eventTypes(body.getJsonArray("event_types")),
                  body.getString("description"),
                  body.getString("secret"),
                  actor.userId()
                }))
        .map(rows -> webhook(rows.iterator().next()));
  }

  public Future<JsonObject> listWebhooks(Actor actor, JsonObject query) {
    Keyset.Page page = WEBHOOK_KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    SqlBuilder sql =
        new SqlBuilder().where("s.org_id = %s", actor.orgId()).where("s.deleted_at IS NULL");
    page.seek(sql, query.getString("cursor"));
    return db.tenant(actor.orgId())
        .preparedQuery(
            "SELECT "
                + WEBHOOK_COLUMNS
                + ", "
                + page.selectKey()
                + " FROM webhook_subscriptions s"
                + sql.whereClause()
                + page.orderBy())
        .execute(sql.params())
        .map(rows -> page.toJson(rows, NotificationRepository::webhook, "id"));
  }

  public Future<JsonObject> getWebhook(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(SELECT_WEBHOOK)
        .execute(Tuple.of(actor.orgId(), id))
        .map(rows -> oneWebhook(rows));
  }

  public Future<JsonObject> patchWebhook(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
    JsonArray types = body.getJsonArray("event_types");
    return db.tenant(actor.orgId())
        .preparedQuery(PATCH_WEBHOOK)
        .execute(
            Tuple.from(
                new Object[] {
                  actor.orgId(),
                  id,
                  ifMatch,
                  body.getString("url"),
                  types == null ? null : eventTypes(types),
                  body.containsKey("description"),
                  body.getString("description")
                }))
        .compose(
            rows -> {
              if (rows.size() > 0) {
                return Future.succeededFuture(webhook(rows.iterator().next()));
              }
              // Absent, or present at another version: tell which.
              return getWebhook(actor, id)
                  .map(
                      current -> {
                        throw new BusError(
                            412,
                            "precondition-failed",
                            "the webhook is at version "
                                + current.getInteger("version")
                                + ", not "
                                + ifMatch);
                      });
            });
  }

  public Future<JsonObject> deleteWebhook(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(DELETE_WEBHOOK)
        .execute(Tuple.of(actor.orgId(), id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("webhook");
              }
              return new JsonObject();
            });
  }

  public Future<JsonObject> rotateWebhookSecret(Actor actor, UUID id, JsonObject body) {
    return db.tenant(actor.orgId())
        .preparedQuery(ROTATE_WEBHOOK)
        .execute(
            Tuple.of(
                actor.orgId(),
                id,
                body.getString("secret"),
                body.getLong("grace_seconds", 86_400L)))
        .map(this::oneWebhook);
  }

  public Future<JsonObject> listDeliveries(Actor actor, UUID id, JsonObject query) {
    Keyset.Page page =
        ATTEMPT_KEYSET.page(query.copy().put("sort", "-attempted_at"), "-attempted_at");
    SqlBuilder sql =
        new SqlBuilder().where("a.org_id = %s", actor.orgId()).where("a.subscription_id = %s", id);
    page.seek(sql, query.getString("cursor"));
    return getWebhook(actor, id)
        .compose(
            visible ->
                db.tenant(actor.orgId())
                    .preparedQuery(
                        "SELECT a.id, a.attempt, a.outcome, a.response_status, a.error,"
                            + " a.duration_ms, a.attempted_at, j.event_id, j.event_type, "
                            + page.selectKey()
                            + " FROM notification_attempts a JOIN notification_jobs j"
                            + " ON j.id = a.job_id"
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
                                        .put("event_id", row.getUUID("event_id").toString())
                                        .put("event_type", row.getString("event_type"))
                                        .put("attempt", row.getInteger("attempt"))
                                        .put("outcome", row.getString("outcome"))
                                        .put("response_status", row.getInteger("response_status"))
                                        .put("error", row.getString("error"))
                                        .put("duration_ms", row.getInteger("duration_ms"))
                                        .put("attempted_at", Rows.time(row, "attempted_at")),
                                "id")));
  }

  private JsonObject oneWebhook(RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw BusError.notFound("webhook");
    }
    return webhook(rows.iterator().next());
  }

  private static String[] eventTypes(JsonArray types) {
    return types.stream().map(String::valueOf).distinct().sorted().toArray(String[]::new);
  }

  static JsonObject webhook(Row row) {
    JsonArray types = new JsonArray();
    for (String type : row.getArrayOfStrings("event_types")) {
      types.add(type);
    }
    JsonObject json =
        new JsonObject()
            .put("id", row.getUUID("id").toString())
            .put("url", row.getString("url"))
            .put("event_types", types)
            .put("description", row.getString("description"))
            .put("version", row.getInteger("version"))
            .put("created_at", Rows.time(row, "created_at"))
            .put("updated_at", Rows.time(row, "updated_at"));
    String previousUntil = Rows.time(row, "previous_secret_expires_at");
    if (previousUntil != null) {
      json.put("previous_secret_expires_at", previousUntil);
    }
    return json;
  }

  // ---- The notification worker ----

  /**
   * {@code {event, lane, email, user_ids, technician_ids, managers}} → {@code {jobs}}: the jobs
   * this event adds (0 when it was expanded before).
   */
  public Future<JsonObject> expand(JsonObject body) {
    JsonObject event = body.getJsonObject("event");
    String subject = event.getString("subject");
    String type = event.getString("type");
    String shortType = shortType(type);
    return db.tenant(orgOf(event))
        .preparedQuery(EXPAND)
        .execute(
            Tuple.from(
                new Object[] {
                  orgOf(event),
                  UUID.fromString(event.getString("id")),
                  shortType,
                  subject == null ? null : UUID.fromString(subject),
                  body.getString("lane", "routine"),
                  event,
                  shortType,
                  body.getBoolean("email", false),
                  uuids(body.getJsonArray("user_ids")),
                  uuids(body.getJsonArray("technician_ids")),
                  body.getBoolean("managers", false)
                }))
        .map(rows -> new JsonObject().put("jobs", rows.rowCount()));
  }

  /** {@code dev.wrench.work_order.created.v1} → {@code work_order.created}. */
  private static String shortType(String type) {
    String rest = type.startsWith("dev.wrench.") ? type.substring("dev.wrench.".length()) : type;
    int version = rest.lastIndexOf(".v");
    return version > 0 ? rest.substring(0, version) : rest;
  }

  /** The organization is the second segment of the event's source, {@code /organizations/<id>/}. */
  private static UUID orgOf(JsonObject event) {
    String[] parts = event.getString("source", "").split("/");
    if (parts.length < 3) {
      throw BusError.badRequest("/event/source", "the event names no organization");
    }
    return UUID.fromString(parts[2]);
  }

  private static UUID[] uuids(JsonArray values) {
    List<UUID> ids = new ArrayList<>();
    if (values != null) {
      for (Object value : values) {
        if (value != null) {
          ids.add(UUID.fromString(value.toString()));
        }
      }
    }
    return ids.toArray(new UUID[0]);
  }

  /** {@code {lane, limit, lease_ms, busy_targets}} → {@code {items: [...]}}. */
  public Future<JsonObject> claim(JsonObject body) {
    JsonArray busy = body.getJsonArray("busy_targets", new JsonArray());
    return db.system()
        .preparedQuery(CLAIM)
        .execute(
            Tuple.of(
                body.getString("lane"),
                body.getInteger("limit", 8),
                body.getLong("lease_ms", 60_000L),
                busy.stream().map(String::valueOf).toArray(String[]::new)))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              for (Row row : rows) {
                items.add(
                    new JsonObject()
                        .put("id", row.getUUID("id").toString())
                        .put("org_id", row.getUUID("org_id").toString())
                        .put("event_id", row.getUUID("event_id").toString())
                        .put("channel", row.getString("channel"))
                        .put("target", row.getString("target"))
                        .put("lane", row.getString("lane"))
                        .put("event", (JsonObject) row.getJson("event"))
                        .put("attempts", row.getInteger("attempts"))
                        .put("url", row.getString("url"))
                        .put("secret", row.getString("secret"))
                        .put("previous_secret", row.getString("previous_secret"))
                        .put("subscription_deleted", row.getBoolean("subscription_deleted"))
                        .put("email", row.getString("email"))
                        .put("user_name", row.getString("user_name"))
                        .put("user_active", row.getBoolean("user_active")));
              }
              return new JsonObject().put("items", items);
            });
  }

  public Future<JsonObject> release(JsonObject body) {
    return db.system()
        .preparedQuery(RELEASE)
        .execute(Tuple.of((Object) uuids(body.getJsonArray("ids"))))
        .map(rows -> new JsonObject());
  }

  /**
   * {@code {id, outcome: succeeded|failed|cancelled, response_status?, error?, duration_ms,
   * delay_ms, max_attempts}} → {@code {status, dead_letter?}}: records the attempt; a failure is
   * retried after {@code delay_ms} unless it was the last attempt, which dead-letters the job (the
   * dead letter, with its event, is in the answer for the Kafka dead-letter topic).
   */
  public Future<JsonObject> record(JsonObject body) {
    UUID id = UUID.fromString(body.getString("id"));
    String outcome = body.getString("outcome");
    String error = body.getString("error");
    if ("cancelled".equals(outcome)) {
      return db.system()
          .preparedQuery(CANCEL)
          .execute(Tuple.of(id, error))
          .map(rows -> new JsonObject().put("status", "cancelled"));
    }
    return db.system()
        .withTransaction(
            client ->
                client
                    .preparedQuery(INSERT_ATTEMPT)
                    .execute(
                        Tuple.of(
                            id,
                            outcome,
                            body.getInteger("response_status"),
                            truncate(error),
                            body.getInteger("duration_ms", 0)))
                    .compose(
                        inserted -> {
                          if (inserted.rowCount() == 0) {
                            // Not pending any more (another instance finished it after our lease
                            // ran
                            // out): nothing to record.
                            return Future.succeededFuture(new JsonObject().put("status", "gone"));
                          }
                          return "succeeded".equals(outcome)
                              ? client
                                  .preparedQuery(DELIVERED)
                                  .execute(Tuple.of(id))
                                  .map(rows -> new JsonObject().put("status", "delivered"))
                              : failed(client, id, body, error);
                        }));
  }

  private Future<JsonObject> failed(SqlClient client, UUID id, JsonObject body, String error) {
    return client
        .preparedQuery(FAILED)
        .execute(
            Tuple.of(
                id,
                truncate(error),
                body.getLong("delay_ms", 1_000L),
                body.getInteger("max_attempts", 5)))
        .compose(
            rows -> {
              Row row = rows.iterator().next();
              String status = row.getString("status");
              if (!"dead".equals(status)) {
                return Future.succeededFuture(new JsonObject().put("status", status));
              }
              int attempts = row.getInteger("attempts");
              String reason =
                  "failed after " + attempts + " attempts; last error: " + truncate(error);
              return client
                  .preparedQuery(DEAD_LETTER)
                  .execute(Tuple.of(row.getUUID("org_id"), id, reason, attempts))
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
                  .map(
                      letters ->
                          new JsonObject()
                              .put("status", "dead")
                              .put("dead_letter", deadLetterMessage(letters.iterator().next())));
            });
  }

  private static String truncate(String error) {
    if (error == null) {
      return null;
    }
    return error.length() > 1000 ? error.substring(0, 1000) : error;
  }

  /** {@code {limit}} → {@code {items}}: dead letters not yet on the Kafka dead-letter topic. */
  public Future<JsonObject> unpublishedDeadLetters(JsonObject body) {
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

  public Future<JsonObject> deadLettersPublished(JsonObject body) {
    return db.system()
        .preparedQuery(DEAD_LETTER_PUBLISHED)
        .execute(Tuple.of((Object) uuids(body.getJsonArray("ids"))))
        .map(rows -> new JsonObject());
  }

  public Future<JsonObject> backlog() {
    return db.system()
        .preparedQuery(BACKLOG)
        .execute()
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("pending", row.getLong("pending"))
                  .put("critical_pending", row.getLong("critical_pending"))
                  .put("dead_letters", row.getLong("dead_letters"));
            });
  }

  // ---- Dead letters (the admin API) ----

  public Future<JsonObject> listDeadLetters(Actor actor, JsonObject query) {
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
        .map(rows -> page.toJson(rows, NotificationRepository::deadLetter, "id"));
  }

  public Future<JsonObject> getDeadLetter(Actor actor, UUID id) {
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
  public Future<JsonObject> redriveDeadLetter(Actor actor, UUID id) {
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
