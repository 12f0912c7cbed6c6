package dev.wrench.request;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Public request links: made, listed and revoked by staff in their organization (on assets they may
 * see), and the two look-ups of the public routes, whose only input is a token digest, so they
 * cannot name an organization and run on the system path (docs/security.md).
 */
public final class RequestLinkRepository {

  private static final String COLUMNS = "l.id, l.asset_id, l.created_at, l.revoked_at";

  /** The asset is live and, for a site-scoped caller ($3), on one of their sites. */
  private static final String ASSET_VISIBLE =
      "a.org_id = $1 AND a.id = $2 AND a.deleted_at IS NULL"
          + " AND ($3::uuid IS NULL OR site_visible($3, a.site_id))";

  private static final String INSERT =
      "INSERT INTO request_links AS l (org_id, asset_id, token_hash, created_by)"
          + " SELECT a.org_id, a.id, $4, $5 FROM assets a WHERE "
          + ASSET_VISIBLE
          + " RETURNING "
          + COLUMNS;

  private static final String ASSET_EXISTS = "SELECT 1 FROM assets a WHERE " + ASSET_VISIBLE;

  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM request_links l WHERE l.org_id = $1 AND l.asset_id = $2"
          + " ORDER BY l.created_at DESC, l.id DESC LIMIT 1000";

  private static final String REVOKE =
      "UPDATE request_links l SET revoked_at = coalesce(l.revoked_at, now()) FROM assets a"
          + " WHERE l.org_id = $1 AND l.id = $2 AND a.org_id = l.org_id AND a.id = l.asset_id"
          + " AND ($3::uuid IS NULL OR site_visible($3, a.site_id)) RETURNING l.id";

  /** A link that files requests: not revoked, and its asset not deleted. */
  private static final String OPEN_LINK =
      "SELECT l.id, l.org_id, l.asset_id FROM request_links l"
          + " JOIN assets a ON a.org_id = l.org_id AND a.id = l.asset_id"
          + " WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND a.deleted_at IS NULL";

  private static final String STATUS =
      "SELECT r.number, r.status, r.created_at, r.rejection_reason FROM requests r"
          + " WHERE r.id = $1 AND r.status_token_hash = $2";

  /** The link a public request is filed through: its organization and asset. */
  public record OpenLink(UUID id, UUID orgId, UUID assetId) {}

  private final RowSecurity db;

  public RequestLinkRepository(RowSecurity db) {
    this.db = db;
  }

  public Future<JsonObject> create(Actor actor, UUID assetId, String tokenHash) {
    return db.tenant(actor.orgId())
        .preparedQuery(INSERT)
        .execute(
            Tuple.of(
                actor.orgId(),
                assetId,
                RequestRepository.siteScope(actor),
                tokenHash,
                actor.userId()))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("asset");
              }
              return toJson(rows.iterator().next());
            });
  }

  public Future<JsonObject> list(Actor actor, UUID assetId) {
    return db.tenant(actor.orgId())
        .withTransaction(
            client ->
                client
                    .preparedQuery(ASSET_EXISTS)
                    .execute(Tuple.of(actor.orgId(), assetId, RequestRepository.siteScope(actor)))
                    .compose(
                        found -> {
                          if (found.size() == 0) {
                            throw BusError.notFound("asset");
                          }
                          return client
                              .preparedQuery(LIST)
                              .execute(Tuple.of(actor.orgId(), assetId));
                        }))
        .map(
            rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(row -> items.add(toJson(row)));
              return new JsonObject().put("items", items);
            });
  }

  public Future<JsonObject> revoke(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(REVOKE)
        .execute(Tuple.of(actor.orgId(), id, RequestRepository.siteScope(actor)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("request link");
              }
              return new JsonObject();
            });
  }

  /**
   * System path: the open link of a token digest, else null (unknown, revoked, or its asset
   * deleted: the public route answers all three alike).
   */
  public Future<OpenLink> findOpenLink(String tokenHash) {
    return db.system()
        .preparedQuery(OPEN_LINK)
        .execute(Tuple.of(tokenHash))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row row = rows.iterator().next();
              return new OpenLink(
                  row.getUUID("id"), row.getUUID("org_id"), row.getUUID("asset_id"));
            });
  }

  /**
   * System path: the status page of request {@code id}, only for the digest of its own status
   * token; anything else is the 404 of a missing request.
   */
  public Future<JsonObject> publicStatus(UUID id, String statusTokenHash) {
    return db.system()
        .preparedQuery(STATUS)
        .execute(Tuple.of(id, statusTokenHash))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw BusError.notFound("request");
              }
              Row row = rows.iterator().next();
              return new JsonObject()
                  .put("number", RequestRows.formatNumber(row.getLong("number")))
                  .put("status", row.getString("status"))
                  .put("created_at", Rows.time(row, "created_at"))
                  .put("rejection_reason", row.getString("rejection_reason"));
            });
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("asset_id", row.getUUID("asset_id").toString())
        .put("created_at", Rows.time(row, "created_at"))
        .put("revoked_at", Rows.time(row, "revoked_at"));
  }
}
