package dev.wrench.audit;

import dev.wrench.core.Actor;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.RowSecurity;
import dev.wrench.store.Rows;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The append-only audit log: inserts and tenant-scoped reads, nothing else. */
public final class AuditRepository {

  private static final String COLUMNS =
      "e.id, e.occurred_at, e.action, e.outcome, e.actor_id, e.subject, e.target_type,"
          + " e.target_id, e.address, e.request_id, e.details";

  private static final String INSERT =
      "INSERT INTO audit_events (org_id, action, outcome, actor_id, subject, target_type,"
          + " target_id, address, request_id, details)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

  private static final Keyset KEYSET =
      new Keyset(
          Map.of("occurred_at", new Keyset.SortKey("e.occurred_at", Keyset.Type.TIMESTAMP)),
          "e.id",
          Keyset.Type.LONG);

  private final RowSecurity db;

  public AuditRepository(RowSecurity db) {
    this.db = db;
  }

  static JsonObject toJson(Row row) {
    Object details = row.getValue("details");
    return new JsonObject()
        .put("id", String.valueOf(row.getLong("id")))
        .put("occurred_at", Rows.time(row, "occurred_at"))
        .put("action", row.getString("action"))
        .put("outcome", row.getString("outcome"))
        .put("actor_id", Rows.uuid(row, "actor_id"))
        .put("subject", row.getString("subject"))
        .put("target_type", row.getString("target_type"))
        .put("target_id", row.getString("target_id"))
        .put("address", row.getString("address"))
        .put("request_id", row.getString("request_id"))
        .put("details", details instanceof JsonObject json ? json : new JsonObject());
  }

  /** {@code {org_id?, action, outcome, actor_id?, subject?, target_type?, ...}} → {@code {}}. */
  public Future<JsonObject> record(JsonObject event) {
    String org = event.getString("org_id");
    String actor = event.getString("actor_id");
    Tuple params =
        Tuple.of(
            org == null ? null : UUID.fromString(org),
            event.getString("action"),
            event.getString("outcome"),
            actor == null ? null : UUID.fromString(actor),
            truncate(event.getString("subject"), 320),
            event.getString("target_type"),
            event.getString("target_id"),
            event.getString("address"),
            event.getString("request_id"),
            event.getJsonObject("details", new JsonObject()));
    return db.system().preparedQuery(INSERT).execute(params).map(rows -> new JsonObject());
  }

  public Future<JsonObject> list(Actor actor, JsonObject query) {
    Keyset.Page page = KEYSET.page(query.copy().put("sort", "-occurred_at"), "-occurred_at");
    SqlBuilder sql = new SqlBuilder().where("e.org_id = %s", actor.orgId());
    List<String> actions = Params.anyOf(query, "action");
    if (!actions.isEmpty()) {
      sql.whereAnyOf("e.action", actions.toArray(String[]::new));
    }
    List<String> outcomes = Params.anyOf(query, "outcome");
    if (!outcomes.isEmpty()) {
      sql.whereAnyOf("e.outcome", outcomes.toArray(String[]::new));
    }
    String actorId = query.getString("actor_id");
    if (actorId != null) {
      sql.where("e.actor_id = %s", Params.uuid(actorId, "/query/actor_id"));
    }
    String after = query.getString("occurred_after");
    if (after != null) {
      sql.where("e.occurred_at >= %s", Params.time(after, "/query/occurred_after"));
    }
    String before = query.getString("occurred_before");
    if (before != null) {
      sql.where("e.occurred_at < %s", Params.time(before, "/query/occurred_before"));
    }
    page.seek(sql, query.getString("cursor"));
    return page.fetch(
        db.tenant(actor.orgId()), COLUMNS, "audit_events e", sql, AuditRepository::toJson);
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
