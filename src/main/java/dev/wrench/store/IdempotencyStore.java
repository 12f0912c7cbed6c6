package dev.wrench.store;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.core.CreateRequest;
import dev.wrench.core.RequestFingerprint;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;

/**
 * {@code Idempotency-Key} for creates: the key is claimed, the resource created and the response
 * stored in one transaction, so a retry either replays the first response or (if the first attempt
 * failed) creates once. A concurrent request with the same key waits on the claimed row and then
 * replays. Keys are scoped to the caller and the operation, and expire after 24 hours.
 */
public final class IdempotencyStore {

  private static final String CLAIM =
      "INSERT INTO idempotency_keys (org_id, principal_id, operation, key, request_hash) VALUES ($1, $2, $3, $4, $5)"
          + " ON CONFLICT (org_id, principal_id, operation, key) DO UPDATE"
          + " SET request_hash = EXCLUDED.request_hash, response = NULL, created_at = now()"
          + " WHERE idempotency_keys.created_at < now() - interval '24 hours'"
          + " RETURNING key";

  private static final String SELECT =
      "SELECT request_hash, response FROM idempotency_keys"
          + " WHERE org_id = $1 AND principal_id = $2 AND operation = $3 AND key = $4";

  private static final String STORE =
      "UPDATE idempotency_keys SET response = $5"
          + " WHERE org_id = $1 AND principal_id = $2 AND operation = $3 AND key = $4";

  private static final String EXPIRE =
      "DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'";

  private final RowSecurity db;

  IdempotencyStore(RowSecurity db) {
    this.db = db;
  }

  /**
   * Runs {@code create} once per {@code Idempotency-Key} of {@code request}: replies {@code
   * {resource, replayed}}. Two requests are "the same" for a key when the fingerprint the HTTP
   * layer took of them as the client sent them is; without one, when their body and parent id are.
   *
   * @param operation what is created, so that one key names one create per operation
   */
  public Future<JsonObject> create(
      String operation,
      Actor actor,
      CreateRequest request,
      Function<io.vertx.sqlclient.SqlClient, Future<JsonObject>> create) {
    return create(operation, actor, request.idempotencyKey(), identity(request), create);
  }

  /** Null without a key: nothing would be compared with it. */
  private static String identity(CreateRequest request) {
    if (request.idempotencyKey() == null) {
      return null;
    }
    if (request.requestFingerprint() != null) {
      return request.requestFingerprint();
    }
    JsonObject identity = new JsonObject().put("body", request.body());
    if (request.parentId() != null) {
      identity.put("id", request.parentId());
    }
    return RequestFingerprint.of(identity);
  }

  /**
   * Runs {@code create} once per key: replies {@code {resource, replayed}}. Without a key, {@code
   * create} runs in a transaction of its own.
   */
  private Future<JsonObject> create(
      String operation,
      Actor actor,
      String key,
      String requestHash,
      Function<io.vertx.sqlclient.SqlClient, Future<JsonObject>> create) {
    if (key == null) {
      return db.tenant(actor.orgId())
          .withTransaction(conn -> create.apply(conn))
          .map(resource -> new JsonObject().put("resource", resource).put("replayed", false));
    }
    String hash = requestHash;
    Tuple id = Tuple.of(actor.orgId(), actor.userId(), operation, key);
    return db.tenant(actor.orgId())
        .withTransaction(
            (SqlConnection conn) ->
                conn.preparedQuery(CLAIM)
                    .execute(Tuple.of(actor.orgId(), actor.userId(), operation, key, hash))
                    .compose(
                        claimed -> {
                          if (claimed.size() > 0) {
                            return create
                                .apply(conn)
                                .compose(
                                    resource ->
                                        conn.preparedQuery(STORE)
                                            .execute(
                                                Tuple.of(
                                                    actor.orgId(),
                                                    actor.userId(),
                                                    operation,
                                                    key,
                                                    resource))
                                            .map(
                                                stored ->
                                                    new JsonObject()
                                                        .put("resource", resource)
                                                        .put("replayed", false)));
                          }
                          return conn.preparedQuery(SELECT)
                              .execute(id)
                              .map(
                                  rows -> {
                                    var row = rows.iterator().next();
                                    if (!MessageDigest.isEqual(
                                        utf8(hash), utf8(row.getString("request_hash")))) {
                                      throw new BusError(
                                          422,
                                          "idempotency-key-reused",
                                          "this Idempotency-Key was used with a different request body");
                                    }
                                    JsonObject response = row.getJsonObject("response");
                                    if (response == null) {
                                      throw new BusError(
                                          409,
                                          "conflict",
                                          "a request with this Idempotency-Key is still in progress");
                                    }
                                    return new JsonObject()
                                        .put("resource", response)
                                        .put("replayed", true);
                                  });
                        }));
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  Future<Integer> expireOld() {
    return db.system().query(EXPIRE).execute().map(rows -> rows.rowCount());
  }
}
