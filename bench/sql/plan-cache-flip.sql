-- Shows the q search statement switching to its generic plan: five searches whose custom
-- plans are estimated above the generic plan's cost (numbers, rare words) make the plan cache
-- (plan_cache_mode = auto) keep the generic plan for good, and the generic plan walks
-- work_orders_created_idx filtering every row. Run on a seeded database:
--   psql -h 127.0.0.1 -U postgres -d wrench_bench -f bench/sql/plan-cache-flip.sql
\pset pager off
SELECT '00000000-0000-0000-0000-000000000001' AS org \gset
PREPARE list_q(uuid, text) AS
SELECT w.id, w.number, w.title, w.description, w.status, w.priority, w.asset_id, w.assignee_id, w.requester_id,
       w.due_at, w.created_at, w.updated_at, w.completed_at, w.version, w.created_at AS sort_key
FROM work_orders w WHERE w.org_id = $1 AND w.deleted_at IS NULL AND w.search @@ websearch_to_tsquery('english', $2)
ORDER BY w.created_at DESC, w.id DESC LIMIT 21;
EXECUTE list_q(:'org', 'WO-654321') \g /dev/null
EXECUTE list_q(:'org', 'WO-100200') \g /dev/null
EXECUTE list_q(:'org', 'glycol') \g /dev/null
EXECUTE list_q(:'org', 'WO-777777') \g /dev/null
EXECUTE list_q(:'org', 'WO-031415') \g /dev/null
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'list_q';
\timing on
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'WO-000123');
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'list_q';
EXECUTE list_q(:'org', 'inspect') \g /dev/null
EXECUTE list_q(:'org', 'inspect') \g /dev/null
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'asbestos');
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'list_q';
