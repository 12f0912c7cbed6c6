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
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * Registered OAuth clients and refresh tokens: all the SQL that touches them. Secrets and tokens
 * arrive already hashed (SHA-256, base64url on the bus); nothing here ever sees one in clear.
 */
public final class OAuthRepository {

  private static final String CLIENT_COLUMNS =
      "c.id, c.name, c.user_id, c.scopes, c.created_at, c.revoked_at";

  private static final String INSERT_CLIENT =
      "INSERT INTO oauth_clients AS c (org_id, name, user_id, scopes, secret_hash, created_by)"
          + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING "
          + CLIENT_COLUMNS;

  private static final String SELECT_CLIENT =
      "SELECT "
          + CLIENT_COLUMNS
          + " FROM oauth_clients c WHERE c.org_id = $1 AND c.id = $2 AND c.revoked_at IS NULL";

  private static final String REVOKE_CLIENT =
      "UPDATE oauth_clients SET revoked_at = now()"
          + " WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id";

  /** The client and the user it acts as, who must still be active. */
  private static final String FIND_CLIENT =
      "SELECT c.id, c.org_id, c.user_id, c.scopes, c.secret_hash, u.role, u.active,"
          + " cardinality(u.site_ids) > 0 AS site_scoped"
          + " FROM oauth_clients c JOIN users u ON u.org_id = c.org_id AND u.id = c.user_id"
          + " WHERE c.id = $1 AND c.revoked_at IS NULL";

  private static final String INSERT_REFRESH =
      "INSERT INTO refresh_tokens (org_id, user_id, family_id, token_hash, scope, expires_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6)";

  private static final String LOCK_REFRESH =
      "SELECT r.id, r.org_id, r.user_id, r.family_id, r.scope, r.expires_at, r.used_at,"
          + " r.revoked_at, u.role, u.active, u.platform_admin,"
          + " cardinality(u.site_ids) > 0 AS site_scoped FROM refresh_tokens r"
          + " JOIN users u ON u.org_id = r.org_id AND u.id = r.user_id"
          + " WHERE r.token_hash = $1 FOR UPDATE OF r";

  private static final String MARK_USED = "UPDATE refresh_tokens SET used_at = now() WHERE id = $1";

  private static final String REVOKE_FAMILY =
      "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL";

  private static final String FAMILY_OF =
      "SELECT family_id, org_id, user_id FROM refresh_tokens WHERE token_hash = $1";

  private static final String SWEEP_REFRESH =
      "DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'";

  private static final Keyset KEYSET = Keyset.byTime("c", "created_at");

  private final RowSecurity db;

  public OAuthRepository(RowSecurity db) {
    this.db = db;
  }

  static JsonObject clientJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("client_id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("user_id", row.getUUID("user_id").toString())
        .put("scopes", new JsonArray(java.util.List.of(row.getArrayOfStrings("scopes"))))
        .put("created_at", Rows.time(row, "created_at"));
  }

  public Future<JsonObject> createClient(Actor actor, JsonObject body) {
    Tuple params =
        Tuple.of(
            actor.orgId(),
            body.getString("name"),
            Params.uuid(body.getString("user_id"), "/user_id"),
            body.getJsonArray("scopes", new JsonArray().add("api")).stream()
                .map(String::valueOf)
                .distinct()
                .toArray(String[]::new),
            hash(body.getString("secret_hash")),
            actor.userId());
    return db.tenant(actor.orgId())
        .preparedQuery(INSERT_CLIENT)
        .execute(params)
        .map(rows -> clientJson(rows.iterator().next()));
  }

  public Future<JsonObject> listClients(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query.copy().put("sort", "created_at"), "created_at");
    SqlBuilder sql =
        new SqlBuilder().where("c.org_id = %s", actor.orgId()).where("c.revoked_at IS NULL");
    page.seek(sql, query.getString("cursor"));
    return page.fetch(
        db.tenant(actor.orgId()),
        CLIENT_COLUMNS,
        "oauth_clients c",
        sql,
        OAuthRepository::clientJson);
  }

  public Future<JsonObject> revokeClient(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(REVOKE_CLIENT)
        .execute(Tuple.of(actor.orgId(), id))
        .map(
            rows -> {
              if (rows.rowCount() == 0) {
                throw BusError.notFound("client");
              }
              return new JsonObject();
            });
  }

  public Future<JsonObject> getClient(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(SELECT_CLIENT)
        .execute(Tuple.of(actor.orgId(), id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("client");
              }
              return clientJson(rows.iterator().next());
            });
  }

  /** A live client with its secret hash and the role of the user it acts as, or 404. */
  public Future<JsonObject> findClient(String clientId) {
    UUID id;
    try {
      id = UUID.fromString(clientId);
    } catch (IllegalArgumentException notOurs) {
      return Future.failedFuture(BusError.notFound("client"));
    }
    return db.system()
        .preparedQuery(FIND_CLIENT)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("client");
              }
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("id", row.getUUID("id").toString())
                  .put("org_id", row.getUUID("org_id").toString())
                  .put("user_id", row.getUUID("user_id").toString())
                  .put("role", row.getString("role"))
                  .put("site_scoped", row.getBoolean("site_scoped"))
                  .put("active", row.getBoolean("active"))
                  .put("scopes", new JsonArray(java.util.List.of(row.getArrayOfStrings("scopes"))))
                  .put("secret_hash", encode(row.getBuffer("secret_hash")));
            });
  }

  /** Starts a new family: {@code {org_id, user_id, token_hash, scope, ttl_seconds}}. */
  public Future<JsonObject> issueRefresh(JsonObject body) {
    UUID orgId = UUID.fromString(body.getString("org_id"));
    return db.tenant(orgId)
        .withTransaction(
            conn ->
                insertRefresh(
                    conn,
                    orgId,
                    UUID.fromString(body.getString("user_id")),
                    UUID.randomUUID(),
                    body.getString("token_hash"),
                    body.getString("scope"),
                    body.getInteger("ttl_seconds")))
        .map(v -> new JsonObject());
  }

  /**
   * Spends a refresh token and issues its successor in one transaction. A token presented after it
   * was spent (or of a revoked family) revokes its whole family: whoever holds a copy, thief or
   * owner, must log in again. Fails 400 {@code invalid-grant} with the reason.
   */
  public Future<JsonObject> rotateRefresh(JsonObject body) {
    Buffer presented = hash(body.getString("token_hash"));
    return db.system()
        .withTransaction(
            client ->
                client
                    .preparedQuery(LOCK_REFRESH)
                    .execute(Tuple.of(presented))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture(invalid("unknown"));
                          }
                          Row row = rows.iterator().next();
                          UUID family = row.getUUID("family_id");
                          if (row.getOffsetDateTime("used_at") != null
                              || row.getOffsetDateTime("revoked_at") != null) {
                            return client
                                .preparedQuery(REVOKE_FAMILY)
                                .execute(Tuple.of(family))
                                .map(v -> invalid("reused"));
                          }
                          if (!row.getBoolean("active")
                              || row.getOffsetDateTime("expires_at")
                                  .isBefore(OffsetDateTime.now(ZoneOffset.UTC))) {
                            return Future.succeededFuture(invalid("expired"));
                          }
                          UUID orgId = row.getUUID("org_id");
                          UUID userId = row.getUUID("user_id");
                          String scope = row.getString("scope");
                          return client
                              .preparedQuery(MARK_USED)
                              .execute(Tuple.of(row.getUUID("id")))
                              .compose(
                                  v ->
                                      insertRefresh(
                                          client,
                                          orgId,
                                          userId,
                                          family,
                                          body.getString("new_token_hash"),
                                          scope,
                                          body.getInteger("ttl_seconds")))
                              .map(
                                  v ->
                                      new JsonObject()
                                          .put("user_id", userId.toString())
                                          .put("org_id", orgId.toString())
                                          .put("role", row.getString("role"))
                                          .put("site_scoped", row.getBoolean("site_scoped"))
                                          .put("site_scoped", row.getBoolean("site_scoped"))
                                          .put("platform_admin", row.getBoolean("platform_admin"))
                                          .put("scope", scope));
                        }))
        .map(
            result -> {
              // Thrown after the commit, so that a reuse's revocation of the family is kept.
              if (result.containsKey("refused")) {
                throw new BusError(400, "invalid-grant", result.getString("refused"));
              }
              return result;
            });
  }

  /** Revokes the family of a refresh token; {@code {revoked: false}} for an unknown token. */
  public Future<JsonObject> revokeRefresh(JsonObject body) {
    return db.system()
        .preparedQuery(FAMILY_OF)
        .execute(Tuple.of(hash(body.getString("token_hash"))))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(new JsonObject().put("revoked", false));
              }
              Row row = rows.iterator().next();
              return db.system()
                  .preparedQuery(REVOKE_FAMILY)
                  .execute(Tuple.of(row.getUUID("family_id")))
                  .map(
                      v ->
                          new JsonObject()
                              .put("revoked", true)
                              .put("org_id", row.getUUID("org_id").toString())
                              .put("user_id", row.getUUID("user_id").toString()));
            });
  }

  public Future<Void> sweepRefresh() {
    return db.system().query(SWEEP_REFRESH).execute().mapEmpty();
  }

  private static Future<Void> insertRefresh(
      SqlClient client,
      UUID orgId,
      UUID userId,
      UUID family,
      String tokenHash,
      String scope,
      int ttlSeconds) {
    return client
        .preparedQuery(INSERT_REFRESH)
        .execute(
            Tuple.of(
                orgId,
                userId,
                family,
                hash(tokenHash),
                scope,
                OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(ttlSeconds)))
        .mapEmpty();
  }

  private static JsonObject invalid(String reason) {
    return new JsonObject().put("refused", reason);
  }

  private static Buffer hash(String base64url) {
    if (base64url == null) {
      throw BusError.badRequest("/token_hash", "is required");
    }
    try {
      return Buffer.buffer(Base64.getUrlDecoder().decode(base64url));
    } catch (IllegalArgumentException e) {
      throw BusError.badRequest("/token_hash", "is not a hash");
    }
  }

  private static String encode(Buffer hash) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hash.getBytes());
  }
}
