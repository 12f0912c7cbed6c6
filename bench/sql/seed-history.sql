-- One 'created' history row per seeded work order of numbers :lo..:hi, as the API writes on create.
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SET synchronous_commit = off;
INSERT INTO work_order_history (org_id, work_order_id, action, new_value, actor_id, changed_at)
SELECT w.org_id, w.id, 'created',
       jsonb_build_object('number', format_wo_number(w.number), 'title', w.title, 'status', 'open', 'priority', w.priority),
       w.created_by, w.created_at
FROM work_orders w
WHERE w.org_id = '00000000-0000-0000-0000-000000000001' AND w.number BETWEEN :lo AND :hi;
