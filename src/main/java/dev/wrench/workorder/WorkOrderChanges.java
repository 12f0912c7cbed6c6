package dev.wrench.workorder;

import dev.wrench.core.Actor;
import dev.wrench.core.BusError;
import dev.wrench.store.Params;
import dev.wrench.store.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a PATCH of a work order changes and what it tells: the fields whose value really moves, the
 * status move the state machine allows, the events the change makes. No SQL: the repository locks
 * the row, asks these, and writes the row, its history and the events in one transaction.
 */
final class WorkOrderChanges {

  /** Patchable fields in the order history records them. */
  private static final List<String> PATCHABLE =
      List.of(
          "title",
          "description",
          "status",
          "priority",
          "asset_id",
          "assignee_id",
          "due_at",
          "type",
          "location_id",
          "team_id");

  private WorkOrderChanges() {}

  static void checkTransition(String from, String to, String role) {
    WorkOrderStatus current = WorkOrderStatus.fromWire(from);
    switch (WorkOrderRules.checkTransition(current, WorkOrderStatus.fromWire(to), role)) {
      case INVALID_TRANSITION -> {
        List<String> allowed =
            WorkOrderRules.allowedTransitions(current, role).stream()
                .map(WorkOrderStatus::wire)
                .toList();
        throw new BusError(
            409,
            "invalid-transition",
            "a work order cannot move from " + from + " to " + to + "; " + where(from, allowed),
            new JsonArray(),
            new JsonObject().put("allowed_transitions", new JsonArray(allowed)));
      }
      case ROLE_MAY_NOT -> throw BusError.forbidden("only managers reopen completed work orders");
      case ALLOWED -> {}
    }
  }

  /** "from open it can move to in_progress, on_hold or cancelled", in words. */
  private static String where(String from, List<String> allowed) {
    if (allowed.isEmpty()) {
      return "from " + from + " it cannot move";
    }
    String last = allowed.get(allowed.size() - 1);
    return "from "
        + from
        + " it can move to "
        + (allowed.size() == 1
            ? last
            : String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + last);
  }

  /** field → {old, new} for each field whose value the patch really changes. */
  static Map<String, Object[]> changes(JsonObject current, JsonObject patch) {
    Map<String, Object[]> changes = new LinkedHashMap<>();
    for (String field : PATCHABLE) {
      if (!patch.containsKey(field)) {
        continue;
      }
      Object before = current.getValue(field);
      Object after = patch.getValue(field);
      if (field.equals("due_at") && after != null) {
        after = Rows.format(Params.time((String) after, "/due_at"));
      }
      if (!Objects.equals(before, after)) {
        changes.put(field, new Object[] {before, after});
      }
    }
    return changes;
  }

  /**
   * The events of one PATCH, in this order: {@code updated} with the changed fields other than the
   * status and the assignee (when there are any), {@code status_changed}, {@code assigned}. Each
   * carries the work order as it is after the change.
   */
  static List<WorkOrderOutbox.Pending> events(
      JsonObject updated, Map<String, Object[]> changes, Actor actor) {
    List<WorkOrderOutbox.Pending> events = new ArrayList<>();
    String actorId = actor.userId().toString();
    JsonObject fields = new JsonObject();
    changes.forEach(
        (field, change) -> {
          if (!field.equals("status") && !field.equals("assignee_id")) {
            fields.put(field, new JsonObject().put("old", change[0]).put("new", change[1]));
          }
        });
    if (!fields.isEmpty()) {
      events.add(
          new WorkOrderOutbox.Pending(
              WorkOrderEventType.UPDATED,
              new JsonObject()
                  .put("work_order", updated)
                  .put("changes", fields)
                  .put("actor_id", actorId)));
    }
    for (String field : List.of("status", "assignee_id")) {
      Object[] change = changes.get(field);
      if (change != null) {
        events.add(
            new WorkOrderOutbox.Pending(
                field.equals("status")
                    ? WorkOrderEventType.STATUS_CHANGED
                    : WorkOrderEventType.ASSIGNED,
                new JsonObject()
                    .put("work_order", updated)
                    .put("from", change[0])
                    .put("to", change[1])
                    .put("actor_id", actorId)));
      }
    }
    return events;
  }
}
