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
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Webhook subscriptions, as the API manages them: create, read, patch, delete, rotate the secret,
 * and the list of a subscription's delivery attempts. Every statement runs in the actor's
 * organization.
 */
final class WebhookRepository {

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

  private static final Keyset WEBHOOK_KEYSET = Keyset.byTime("s", "created_at");

  private static final Keyset ATTEMPT_KEYSET = Keyset.byTime("a", "attempted_at");

  private final RowSecurity db;

  WebhookRepository(RowSecurity db) {
    this.db = db;
  }

  Future<JsonObject> createWebhook(Actor actor, JsonObject body) {
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

  Future<JsonObject> listWebhooks(Actor actor, JsonObject query) {
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
        .map(rows -> page.toJson(rows, WebhookRepository::webhook, "id"));
  }

  Future<JsonObject> getWebhook(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(SELECT_WEBHOOK)
        .execute(Tuple.of(actor.orgId(), id))
        .map(rows -> oneWebhook(rows));
  }

  Future<JsonObject> patchWebhook(Actor actor, UUID id, Integer ifMatch, JsonObject body) {
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

  Future<JsonObject> deleteWebhook(Actor actor, UUID id) {
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

  Future<JsonObject> rotateWebhookSecret(Actor actor, UUID id, JsonObject body) {
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

  Future<JsonObject> listDeliveries(Actor actor, UUID id, JsonObject query) {
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

  private static JsonObject webhook(Row row) {
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
}
