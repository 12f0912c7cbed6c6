package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.store.Keyset;
import dev.wrench.store.Params;
import dev.wrench.store.SqlBuilder;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The query string of a work order list or search, as conditions and sort keys: what the caller may
 * see (organization, requester, sites) and what they filter on. The repository runs it; every value
 * is a parameter, every column comes from this allow-list.
 */
final class WorkOrderListQuery {

  static final Keyset KEYSET =
      new Keyset(
          Map.of(
              "created_at", new Keyset.SortKey("w.created_at", Keyset.Type.TIMESTAMP),
              "updated_at", new Keyset.SortKey("w.updated_at", Keyset.Type.TIMESTAMP),
              // Work orders without a due date sort after every dated one.
              "due_at",
                  new Keyset.SortKey(
                      "coalesce(w.due_at, 'infinity'::timestamptz)", Keyset.Type.TIMESTAMP),
              "priority", new Keyset.SortKey("w.priority_rank", Keyset.Type.LONG),
              "number", new Keyset.SortKey("w.number", Keyset.Type.LONG)),
          "w.id",
          Keyset.Type.UUID);

  private WorkOrderListQuery() {}

  /** The search text ({@code q}), or null when the list is not a search. */
  static String search(JsonObject query) {
    return query.getString("q");
  }

  /** The conditions of the list, the organization's first ({@code w.org_id = $1}). */
  static SqlBuilder conditions(Actor actor, JsonObject query) {
    SqlBuilder sql =
        new SqlBuilder().where("w.org_id = %s", actor.orgId()).where("w.deleted_at IS NULL");
    UUID requesterScope = WorkOrderRepository.requesterScope(actor);
    if (requesterScope != null) {
      sql.where("w.requester_id = %s", requesterScope);
    }
    if (actor.siteScoped()) {
      sql.where("site_visible(%s, " + WorkOrderRepository.SITE_OF_W + ")", actor.userId());
    }
    List<String> statuses = Params.anyOf(query, "status");
    if (!statuses.isEmpty()) {
      sql.whereAnyOf("w.status", statuses.toArray(String[]::new));
    }
    List<String> priorities = Params.anyOf(query, "priority");
    if (!priorities.isEmpty()) {
      sql.whereAnyOf("w.priority", priorities.toArray(String[]::new));
    }
    List<String> types = Params.anyOf(query, "type");
    if (!types.isEmpty()) {
      sql.whereAnyOf("w.type", types.toArray(String[]::new));
    }
    for (String column :
        List.of(
            "assignee_id",
            "asset_id",
            "requester_id",
            "location_id",
            "pm_schedule_id",
            "checklist_template_id",
            "follow_up_of",
            "team_id",
            "request_id")) {
      List<String> ids = Params.anyOf(query, column);
      if (!ids.isEmpty()) {
        sql.whereAnyOf("w." + column, Params.uuids(ids, "/query/" + column));
      }
    }
    if (query.getString("due_before") != null) {
      sql.where("w.due_at < %s", Params.time(query.getString("due_before"), "/query/due_before"));
    }
    if (query.getString("due_after") != null) {
      sql.where("w.due_at > %s", Params.time(query.getString("due_after"), "/query/due_after"));
    }
    if (query.getString("created_after") != null) {
      sql.where(
          "w.created_at > %s",
          Params.time(query.getString("created_after"), "/query/created_after"));
    }
    String q = search(query);
    if (q != null) {
      WorkOrderSearchText text = WorkOrderSearchText.of(q);
      if (text.hasRest()) {
        sql.where("w.search @@ websearch_to_tsquery('english', %s)", text.rest());
      }
      if (text.prefix() != null) {
        sql.where(WorkOrderSearchText.PREFIX_ONLY, text.prefix());
      }
    }
    return sql;
  }
}
