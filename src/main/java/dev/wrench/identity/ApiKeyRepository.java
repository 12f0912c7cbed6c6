package dev.wrench.identity;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** API keys: all the SQL that touches them. Keys arrive as their SHA-256 (base64url) only. */
public final class ApiKeyRepository {

  private static final String COLUMNS =
      "k.id, k.name, k.user_id, k.key_prefix, k.scopes, k.expires_at, k.last_used_at,"
          + " k.created_at, k.rotated_at";

  private static final String INSERT =
      "INSERT INTO api_keys AS k (org_id, name, user_id, key_prefix, key_hash, scopes,"
          + " expires_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "
          + COLUMNS;

  private static final String SELECT_ONE =
      "SELECT "
          + COLUMNS
          + " FROM api_keys k WHERE k.org_id = $1 AND k.id = $2 AND k.revoked_at IS NULL";

  private static final String REVOKE =
      "UPDATE api_keys SET revoked_at = now()"
          + " WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id";

  /** A new secret for the same key: the old one stops working at once. */
  private static final String ROTATE =
      "UPDATE api_keys AS k SET key_hash = $3, key_prefix = $4, rotated_at = now()"
          + " WHERE k.org_id = $1 AND k.id = $2 AND k.revoked_at IS NULL RETURNING "
          + COLUMNS;

  /** A live key and the role of its user, who must still be active. */
  private static final String AUTHENTICATE =
      "SELECT k.id, k.org_id, k.user_id, k.scopes, k.expires_at, k.last_used_at, u.role, u.active,"
          + " cardinality(u.site_ids) > 0 AS site_scoped"
          + " FROM api_keys k JOIN users u ON u.org_id = k.org_id AND u.id = k.user_id"
          + " WHERE k.key_hash = $1 AND k.revoked_at IS NULL"
          + " AND (k.expires_at IS NULL OR k.expires_at > now())";

  /** last_used_at is kept to the minute: a write per request would cost more than it tells. */
  private static final String TOUCH =
      "UPDATE api_keys SET last_used_at = now() WHERE id = $1"
          + " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')";

  private static final Keyset KEYSET = Keyset.byTime("k", "created_at");

  private final RowSecurity db;

  public ApiKeyRepository(RowSecurity db) {
    this.db = db;
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("user_id", row.getUUID("user_id").toString())
        .put("prefix", row.getString("key_prefix"))
        .put("scopes", new JsonArray(List.of(row.getArrayOfStrings("scopes"))))
        .put("expires_at", Rows.time(row, "expires_at"))
        .put("last_used_at", Rows.time(row, "last_used_at"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("rotated_at", Rows.time(row, "rotated_at"));
  }

  public Future<JsonObject> create(Actor actor, JsonObject body) {
    OffsetDateTime expires = Params.time(body.getString("expires_at"), "/expires_at");
    if (expires != null && !expires.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
      throw BusError.unprocessable("/expires_at", "must be in the future");
    }
    String userId = body.getString("user_id");
    Tuple params =
        Tuple.of(
            actor.orgId(),
            body.getString("name"),
            userId == null ? actor.userId() : Params.uuid(userId, "/user_id"),
            body.getString("prefix"),
            hash(body.getString("secret_hash")),
            body.getJsonArray("scopes", new JsonArray().add("api")).stream()
                .map(String::valueOf)
                .distinct()
                .toArray(String[]::new),
            expires,
            actor.userId());
    return db.tenant(actor.orgId())
        .preparedQuery(INSERT)
        .execute(params)
        .map(rows -> toJson(rows.iterator().next()));
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    SqlBuilder sql =
        new SqlBuilder().where("k.org_id = %s", actor.orgId()).where("k.revoked_at IS NULL");
    page.seek(sql, query.getString("cursor"));
    return page.fetch(
        db.tenant(actor.orgId()), COLUMNS, "api_keys k", sql, ApiKeyRepository::toJson);
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(SELECT_ONE)
        .execute(Tuple.of(actor.orgId(), id))
        .map(rows -> one(rows.iterator().hasNext() ? rows.iterator().next() : null));
  }

  public Future<JsonObject> revoke(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(REVOKE)
        .execute(Tuple.of(actor.orgId(), id))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                throw BusError.notFound("API key");
              }
              return new JsonObject();
            });
  }

  /** {@code body: {secret_hash, prefix}}. */
  public Future<JsonObject> rotate(Actor actor, UUID id, JsonObject body) {
    return db.tenant(actor.orgId())
        .preparedQuery(ROTATE)
        .execute(
            Tuple.of(
                actor.orgId(), id, hash(body.getString("secret_hash")), body.getString("prefix")))
        .map(rows -> one(rows.iterator().hasNext() ? rows.iterator().next() : null));
  }

  /** The principal of a live key, or 404; notes its use (to the minute). */
  public Future<JsonObject> authenticate(String keyHash) {
    return db.system()
        .preparedQuery(AUTHENTICATE)
        .execute(Tuple.of(hash(keyHash)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(BusError.notFound("API key"));
              }
              Row row = rows.iterator().next();
              if (!row.getBoolean("active")) {
                return Future.failedFuture(BusError.notFound("API key"));
              }
              OffsetDateTime expires = row.getOffsetDateTime("expires_at");
              JsonObject principal =
                  new JsonObject()
                      .put("key_id", row.getUUID("id").toString())
                      .put("user_id", row.getUUID("user_id").toString())
                      .put("org_id", row.getUUID("org_id").toString())
                      .put("role", row.getString("role"))
                      .put("site_scoped", row.getBoolean("site_scoped"))
                      .put("scopes", new JsonArray(List.of(row.getArrayOfStrings("scopes"))))
                      .put("expires_at", expires == null ? null : expires.toEpochSecond());
              return db.system()
                  .preparedQuery(TOUCH)
                  .execute(Tuple.of(row.getUUID("id")))
                  .map(v -> principal);
            });
  }

  private static JsonObject one(Row row) {
    if (row == null) {
      throw BusError.notFound("API key");
    }
    return toJson(row);
  }

  private static Buffer hash(String base64url) {
    if (base64url == null) {
      throw BusError.badRequest("/key", "is required");
    }
    try {
      return Buffer.buffer(Base64.getUrlDecoder().decode(base64url));
    } catch (IllegalArgumentException e) {
      throw BusError.badRequest("/key", "is not a digest");
    }
  }
}
