package dev.wrench.request;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.SqlBuilder;
import dev.wrench.workorder.WorkOrderEventType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Requests as the HTTP side asks for them: made, listed, read, rejected and cancelled. Who sees a
 * request: its organization; a requester only their own; a user limited to sites only those of the
 * request's asset (else location), as a work order's site is its asset's.
 */
public final class RequestRepository {

  /** $3: the requester the caller is limited to, else null; $4: a site-scoped caller, else null. */
  private static final String VISIBLE =
      " WHERE r.org_id = $1 AND r.id = $2"
          + " AND ($3::uuid IS NULL OR r.requester_id = $3)"
          + " AND ($4::uuid IS NULL OR site_visible($4, "
          + RequestRows.SITE_OF_R
          + "))";

  private static final String SELECT_VISIBLE =
      "SELECT " + RequestRows.COLUMNS + " FROM requests r" + VISIBLE;

  /**
   * The asset and location of a new request exist, are live and lie on a site the caller may see:
   * $4 is a site-scoped caller, else null (then every site is theirs).
   */
  private static final String CHECK_REFERENCES =
      "SELECT ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM assets a WHERE a.org_id = $1 AND a.id = $2"
          + "   AND a.deleted_at IS NULL AND ($4::uuid IS NULL OR site_visible($4, a.site_id))))"
          + " AS asset_ok,"
          + " ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM locations l WHERE l.org_id = $1 AND l.id = $3"
          + "   AND l.deleted_at IS NULL AND ($4::uuid IS NULL OR site_visible($4, l.site_id))))"
          + " AS location_ok";

  private static final String INSERT =
      "INSERT INTO requests AS r (org_id, number, title, description, asset_id, location_id,"
          + " priority, requester_id) VALUES ($1, next_rq_number($1), $2, $3, $4, $5, $6, $7)"
          + " RETURNING "
          + RequestRows.COLUMNS
          + RequestRows.EVENT_COLUMN;

  /**
   * A request filed through public link $7 (no requester): $6 its contact, $8 the digest of its
   * status token.
   */
  private static final String INSERT_PUBLIC =
      "INSERT INTO requests AS r (org_id, number, title, description, asset_id, contact,"
          + " request_link_id, status_token_hash)"
          + " VALUES ($1, next_rq_number($1), $2, $3, $4, $5, $6, $7)"
          + " RETURNING "
          + RequestRows.COLUMNS
          + RequestRows.EVENT_COLUMN;

  /** Only a pending request moves; $5: a site-scoped caller, else null. */
  private static final String REJECT =
      "UPDATE requests r SET status = 'rejected', rejection_reason = $3, decided_by = $4,"
          + " decided_at = now(), updated_at = now(), version = r.version + 1"
          + " WHERE r.org_id = $1 AND r.id = $2 AND r.status = 'pending'"
          + " AND ($5::uuid IS NULL OR site_visible($5, "
          + RequestRows.SITE_OF_R
          + ")) RETURNING "
          + RequestRows.COLUMNS
          + RequestRows.EVENT_COLUMN;

  /** Only by its requester ($3), only while pending; $4: a site-scoped caller, else null. */
  private static final String CANCEL =
      "UPDATE requests r SET status = 'cancelled', decided_by = $3, decided_at = now(),"
          + " updated_at = now(), version = r.version + 1"
          + " WHERE r.org_id = $1 AND r.id = $2 AND r.status = 'pending' AND r.requester_id = $3"
          + " AND ($4::uuid IS NULL OR site_visible($4, "
          + RequestRows.SITE_OF_R
          + ")) RETURNING "
          + RequestRows.COLUMNS;

  private static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "created_at", new Keyset.SortKey("r.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("r.updated_at", Keyset.Type.TIMESTAMP)),
          "r.id",
          Keyset.Type.UUID);

  private final RowSecurity db;

  public RequestRepository(RowSecurity db) {
    this.db = db;
  }

  /** A requester sees only what they asked for: the id to filter on, else null. */
  static UUID requesterScope(Actor actor) {
    return actor.hasRole("requester") ? actor.userId() : null;
  }

  /** A caller limited to sites: their user id, for site_visible (V51); else null. */
  static UUID siteScope(Actor actor) {
    return actor.siteScoped() ? actor.userId() : null;
  }

  /** Makes the request in the transaction of {@code client} (an idempotency key's). */
  public Future<JsonObject> create(SqlClient client, Actor actor, JsonObject body) {
    UUID assetId = Params.uuid(body.getString("asset_id"), "/asset_id");
    UUID locationId = Params.uuid(body.getString("location_id"), "/location_id");
    return client
        .preparedQuery(CHECK_REFERENCES)
        .execute(Tuple.of(actor.orgId(), assetId, locationId, siteScope(actor)))
        .compose(
            checked -> {
              Row row = checked.iterator().next();
              if (!row.getBoolean("asset_ok")) {
                throw BusError.unprocessable(
                    "/asset_id", "refers to nothing that exists in this organization");
              }
              if (!row.getBoolean("location_ok")) {
                throw BusError.unprocessable(
                    "/location_id", "refers to nothing that exists in this organization");
              }
              return client
                  .preparedQuery(INSERT)
                  .execute(
                      Tuple.of(
                          actor.orgId(),
                          body.getString("title"),
                          body.getString("description"),
                          assetId,
                          locationId,
                          body.getString("priority", "medium"),
                          actor.userId()));
            })
        .compose(
            rows -> RequestRows.withEvent(client, actor, rows, WorkOrderEventType.REQUEST_CREATED));
  }

  /**
   * Files a pending request of {@code link}'s asset, with no requester, and its {@code
   * request.created} event (no actor), in one transaction of the link's organization. {@code body}:
   * {@code title, description, contact, status_token_hash}.
   */
  public Future<JsonObject> createPublic(RequestLinkRepository.OpenLink link, JsonObject body) {
    return db.tenant(link.orgId())
        .withTransaction(
            client ->
                client
                    .preparedQuery(INSERT_PUBLIC)
                    .execute(
                        Tuple.of(
                            link.orgId(),
                            body.getString("title"),
                            body.getString("description"),
                            link.assetId(),
                            body.getString("contact"),
                            link.id(),
                            body.getString("status_token_hash")))
                    .compose(
                        rows ->
                            RequestRows.withEvent(
                                client,
                                link.orgId(),
                                null,
                                rows,
                                WorkOrderEventType.REQUEST_CREATED)));
  }

  public Future<JsonObject> get(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(SELECT_VISIBLE)
        .execute(Tuple.of(actor.orgId(), id, requesterScope(actor), siteScope(actor)))
        .map(RequestRows::one);
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query, "-created_at");
    SqlBuilder sql = new SqlBuilder().where("r.org_id = %s", actor.orgId());
    UUID requester = requesterScope(actor);
    if (requester != null) {
      sql.where("r.requester_id = %s", requester);
    }
    if (actor.siteScoped()) {
      sql.where("site_visible(%s, " + RequestRows.SITE_OF_R + ")", actor.userId());
    }
    List<String> statuses = Params.anyOf(query, "status");
    if (!statuses.isEmpty()) {
      sql.whereAnyOf("r.status", statuses.toArray(String[]::new));
    }
    for (String column : List.of("asset_id", "requester_id")) {
      List<String> ids = Params.anyOf(query, column);
      if (!ids.isEmpty()) {
        sql.whereAnyOf("r." + column, Params.uuids(ids, "/query/" + column));
      }
    }
    page.seek(sql, query.getString("cursor"));
    return page.fetch(
        db.tenant(actor.orgId()), RequestRows.COLUMNS, "requests r", sql, RequestRows::toJson);
  }

  /** The rejection and its {@code request.rejected} event, in one transaction. */
  public Future<JsonObject> reject(Actor actor, UUID id, String reason) {
    return db.tenant(actor.orgId())
        .withTransaction(
            client ->
                client
                    .preparedQuery(REJECT)
                    .execute(Tuple.of(actor.orgId(), id, reason, actor.userId(), siteScope(actor)))
                    .compose(
                        rows ->
                            rows.size() > 0
                                ? RequestRows.withEvent(
                                    client, actor, rows, WorkOrderEventType.REQUEST_REJECTED)
                                : Future.<JsonObject>succeededFuture(null)))
        // Found nothing to reject: why (404 or 409), read outside the finished transaction.
        .compose(
            rejected ->
                rejected != null
                    ? Future.succeededFuture(rejected)
                    : get(actor, id).map(RequestRules::notPending));
  }

  public Future<JsonObject> cancel(Actor actor, UUID id) {
    return db.tenant(actor.orgId())
        .preparedQuery(CANCEL)
        .execute(Tuple.of(actor.orgId(), id, actor.userId(), siteScope(actor)))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture(RequestRows.toJson(rows.iterator().next()))
                    : get(actor, id).map(request -> RequestRules.notCancellable(actor, request)));
  }
}
