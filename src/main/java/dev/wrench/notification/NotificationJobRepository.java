package dev.wrench.notification;

import dev.wrench.core.BusError;
import dev.wrench.store.RowSecurity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The notification worker's queue of delivery jobs: an event expanded into jobs, due jobs claimed
 * under a lease and released, each attempt recorded (the last failed one dead-letters its job, see
 * {@link DeadLetterRepository#insert}), and the backlog for the gauges. The worker holds no SQL: it
 * asks over the event bus ({@link NotificationService}). One queue serves every tenant, so all but
 * the expansion (which runs in the event's own organization) take the cross-tenant path.
 */
final class NotificationJobRepository {

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
  // The batch is picked once, in a MATERIALIZED CTE: a LIMIT ... SKIP LOCKED subquery that the plan
  // rescans picks more rows at each rescan (PmGeneratorRepository's claim did so).
  private static final String CLAIM =
      "WITH due AS MATERIALIZED (SELECT id FROM notification_jobs WHERE status = 'pending'"
          + "   AND lane = $1 AND next_attempt_at <= now()"
          + "   AND (lease_until IS NULL OR lease_until < now())"
          + "   AND NOT (target = ANY($4::text[]))"
          + "   ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED),"
          + " claimed AS ("
          + " UPDATE notification_jobs j"
          + " SET lease_until = now() + make_interval(secs => $3::double precision / 1000),"
          + " updated_at = now()"
          + " FROM due WHERE j.id = due.id"
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

  private static final String BACKLOG =
      "SELECT count(*) FILTER (WHERE status = 'pending') AS pending,"
          + " count(*) FILTER (WHERE status = 'pending' AND lane = 'critical') AS critical_pending,"
          + " (SELECT count(*) FROM notification_dead_letters WHERE redriven_at IS NULL)"
          + " AS dead_letters"
          + " FROM notification_jobs WHERE status = 'pending'";

  private final RowSecurity db;

  NotificationJobRepository(RowSecurity db) {
    this.db = db;
  }

  /**
   * {@code {event, lane, email, user_ids, technician_ids, managers}} → {@code {jobs}}: the jobs
   * this event adds (0 when it was expanded before).
   */
  Future<JsonObject> expand(JsonObject body) {
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
                  // A request's event (V87) has a request for subject, not a work order.
                  subject == null || shortType.startsWith("request.")
                      ? null
                      : UUID.fromString(subject),
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

  /** Ids from a request's JSON array (nulls skipped); the dead letters' repository shares it. */
  static UUID[] uuids(JsonArray values) {
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
  Future<JsonObject> claim(JsonObject body) {
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

  Future<JsonObject> release(JsonObject body) {
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
  Future<JsonObject> record(JsonObject body) {
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
                            // Not pending any more (another instance finished it after our
                            // lease ran out): nothing to record.
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
              return DeadLetterRepository.insert(
                      client, row.getUUID("org_id"), id, reason, attempts)
                  .map(letter -> new JsonObject().put("status", "dead").put("dead_letter", letter));
            });
  }

  private static String truncate(String error) {
    if (error == null) {
      return null;
    }
    return error.length() > 1000 ? error.substring(0, 1000) : error;
  }

  Future<JsonObject> backlog() {
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
}
