-- Events of requests (issue 20): request.created, request.approved and request.rejected go through
-- the same transactional outbox as the work order events, written in the transaction of the change.
-- A request's event names its request (request_id) instead of a work order; its CloudEvents
-- subject is the request id and its source /organizations/<org>/requests.
ALTER TABLE work_order_events ALTER COLUMN work_order_id DROP NOT NULL;
ALTER TABLE work_order_events ADD COLUMN request_id uuid;
ALTER TABLE work_order_events ADD CONSTRAINT work_order_events_request_fk
    FOREIGN KEY (org_id, request_id) REFERENCES requests (org_id, id);
ALTER TABLE work_order_events ADD CONSTRAINT work_order_events_subject_check
    CHECK (work_order_id IS NOT NULL OR request_id IS NOT NULL);
ALTER TABLE work_order_events DROP CONSTRAINT work_order_events_type_check;
ALTER TABLE work_order_events ADD CONSTRAINT work_order_events_type_check
    CHECK (type IN ('created', 'updated', 'status_changed', 'assigned', 'commented', 'attachment_added',
                    'deleted', 'overdue', 'pm_schedule_generated',
                    'request_created', 'request_approved', 'request_rejected'));
CREATE INDEX work_order_events_request_idx ON work_order_events (org_id, request_id, id)
    WHERE request_id IS NOT NULL;

-- A request as the API shows it (RequestRows.toJson), for the data of its events: taken from the
-- row a statement has just written (RETURNING request_event_json(r)).
CREATE FUNCTION request_event_json(r requests) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN jsonb_build_object(
        'id', r.id, 'number', format_rq_number(r.number), 'title', r.title,
        'description', r.description, 'asset_id', r.asset_id, 'location_id', r.location_id,
        'priority', r.priority, 'status', r.status, 'requester_id', r.requester_id,
        'work_order_id', r.work_order_id, 'rejection_reason', r.rejection_reason,
        'created_at', api_time(r.created_at), 'updated_at', api_time(r.updated_at),
        'version', r.version);
