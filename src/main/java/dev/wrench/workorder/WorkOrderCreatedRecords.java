package dev.wrench.workorder;

/**
 * What every insert of work orders writes with them, in the same statement: a {@code created}
 * history row and a {@code work_order.created} event (the outbox row) for each row of the
 * statement's {@code created} CTE, whoever made it (the HTTP create, one generated work order or a
 * batch of them). The event's work order is built here as {@link WorkOrderRows#toJson} builds it
 * (timestamps by {@code api_time}, V35), because the rows exist only inside the statement; {@code
 * WorkOrderEventsInProcessTest} checks that the two agree. The actor of both is the work order's
 * {@code created_by}.
 */
final class WorkOrderCreatedRecords {

  private static final String TEMPLATE =
      """
      history AS (
        INSERT INTO work_order_history (org_id, work_order_id, action, new_value, actor_id)
        SELECT c.org_id, c.id, 'created',
               jsonb_build_object('number', format_wo_number(c.number), 'title', c.title,
                                  'description', c.description, 'status', c.status, 'priority', c.priority,
                                  'asset_id', c.asset_id, 'assignee_id', c.assignee_id,
                                  'requester_id', c.requester_id, 'due_at', c.due_at, 'type', c.type,
                                  'location_id', c.location_id, 'team_id', c.team_id,
                                  'pm_schedule_id', c.pm_schedule_id, 'occurrence_at', c.occurrence_at,
                                  'checklist_template_id', c.checklist_template_id,
                                  'follow_up_of', c.follow_up_of, 'source_item_key', c.source_item_key,
                                  'request_id', c.request_id),
               c.created_by
        FROM created c
      ), event AS (
        INSERT INTO work_order_events (org_id, work_order_id, type, actor_id, data, traceparent)
        SELECT c.org_id, c.id, 'created', c.created_by,
               jsonb_build_object(
                 'actor_id', c.created_by::text,
                 'work_order', jsonb_build_object(
                   'id', c.id, 'number', format_wo_number(c.number), 'title', c.title,
                   'description', c.description, 'status', c.status, 'priority', c.priority,
                   'asset_id', c.asset_id, 'assignee_id', c.assignee_id, 'requester_id', c.requester_id,
                   'due_at', api_time(c.due_at), 'created_at', api_time(c.created_at),
                   'updated_at', api_time(c.updated_at), 'completed_at', api_time(c.completed_at),
                   'version', c.version, 'type', c.type, 'location_id', c.location_id,
                   'team_id', c.team_id, 'pm_schedule_id', c.pm_schedule_id,
                   'occurrence_at', api_time(c.occurrence_at),
                   'checklist_template_id', c.checklist_template_id, 'follow_up_of', c.follow_up_of,
                   'source_item_key', c.source_item_key, 'request_id', c.request_id,
                   'costs', work_order_costs_json(c.labor_cost, c.parts_cost, c.other_cost,
                                                  c.cost_currency))),
               %traceparent
        FROM created c
      )
      SELECT * FROM created w
      """;

  private WorkOrderCreatedRecords() {}

  /**
   * The statement's tail after its {@code created} CTE (which must return {@code org_id} and {@code
   * created_by} besides {@link WorkOrderRows#COLUMNS}); {@code traceparent}: the parameter that
   * holds the writer's trace (V60).
   */
  static String sql(String traceparent) {
    return TEMPLATE.replace("%traceparent", traceparent);
  }
}
