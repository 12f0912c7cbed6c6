-- EXPLAIN (ANALYZE, BUFFERS) of the four hot queries, as WorkOrderRepository sends them, on a
-- seeded database:  psql -h 127.0.0.1 -U postgres -d wrench_bench -f bench/sql/explain.sql
-- (keep the database of a run with BENCH_KEEP_DB=1, or seed one with bench/seed.sh).
-- The service runs them as prepared statements: after five executions PostgreSQL may switch
-- a statement to a generic plan (plan_cache_mode = auto), so the q search is also shown with
-- its generic plan, and how the plan cache decides for a realistic mix of terms.
\set ON_ERROR_STOP on
\pset pager off
\timing off
SELECT '00000000-0000-0000-0000-000000000001' AS org \gset
SELECT id AS wo_id FROM work_orders WHERE deleted_at IS NULL ORDER BY number LIMIT 1 OFFSET (SELECT count(*) / 2 FROM work_orders) \gset
SELECT id AS asset_id FROM assets ORDER BY name LIMIT 1 OFFSET 42 \gset
SELECT id AS admin_id FROM users WHERE role IN ('admin', 'manager') ORDER BY role, email LIMIT 1 \gset

\echo
\echo '=== settings'
SELECT name, setting FROM pg_settings
WHERE name IN ('server_version', 'shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit',
               'jit_above_cost', 'plan_cache_mode', 'max_parallel_workers_per_gather');
SELECT count(*) AS work_orders, pg_size_pretty(pg_table_size('work_orders')) AS heap,
       pg_size_pretty(pg_indexes_size('work_orders')) AS indexes FROM work_orders;

\echo
\echo '=== 1. get by id (SELECT_VISIBLE, admin: $3 is NULL)'
PREPARE get_wo(uuid, uuid, uuid) AS
SELECT w.id, w.number, w.title, w.description, w.status, w.priority, w.asset_id, w.assignee_id, w.requester_id,
       w.due_at, w.created_at, w.updated_at, w.completed_at, w.version
FROM work_orders w WHERE w.org_id = $1 AND w.id = $2 AND w.deleted_at IS NULL AND ($3::uuid IS NULL OR w.requester_id = $3);
EXPLAIN (ANALYZE, BUFFERS) EXECUTE get_wo(:'org', :'wo_id', NULL);
SET plan_cache_mode = force_generic_plan;
\echo '--- generic plan'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE get_wo(:'org', :'wo_id', NULL);
RESET plan_cache_mode;

\echo
\echo '=== 2. list, status + priority, limit 20 (the query asks for 21 rows)'
PREPARE list_sp(uuid, text, text) AS
SELECT w.id, w.number, w.title, w.description, w.status, w.priority, w.asset_id, w.assignee_id, w.requester_id,
       w.due_at, w.created_at, w.updated_at, w.completed_at, w.version, w.created_at AS sort_key
FROM work_orders w WHERE w.org_id = $1 AND w.deleted_at IS NULL AND w.status = $2 AND w.priority = $3
ORDER BY w.created_at DESC, w.id DESC LIMIT 21;
\echo '--- open + critical (a small combination)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_sp(:'org', 'open', 'critical');
\echo '--- completed + medium (the largest combination)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_sp(:'org', 'completed', 'medium');
SET plan_cache_mode = force_generic_plan;
\echo '--- generic plan, on_hold + low'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_sp(:'org', 'on_hold', 'low');
RESET plan_cache_mode;

\echo
\echo '=== 3. list with q, limit 20'
PREPARE list_q(uuid, text) AS
SELECT w.id, w.number, w.title, w.description, w.status, w.priority, w.asset_id, w.assignee_id, w.requester_id,
       w.due_at, w.created_at, w.updated_at, w.completed_at, w.version, w.created_at AS sort_key
FROM work_orders w WHERE w.org_id = $1 AND w.deleted_at IS NULL AND w.search @@ websearch_to_tsquery('english', $2)
ORDER BY w.created_at DESC, w.id DESC LIMIT 21;
\echo '--- how many rows each term matches'
SELECT t AS term, (SELECT count(*) FROM work_orders w WHERE w.org_id = :'org' AND w.deleted_at IS NULL
                   AND w.search @@ websearch_to_tsquery('english', t)) AS matches
FROM unnest(ARRAY['inspect', 'filter', 'leaking', 'boiler room', 'chiller', 'Chiller-0042', 'glycol',
                  'pump leaking', 'WO-000123', 'zeppelin']) AS t;
\echo '--- custom plan: common word (inspect)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'inspect');
\echo '--- custom plan: medium (chiller)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'chiller');
\echo '--- custom plan: two words (pump leaking)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'pump leaking');
\echo '--- custom plan: rare word (glycol)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'glycol');
\echo '--- custom plan: asset name (Chiller-0042)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'Chiller-0042');
\echo '--- custom plan: number (WO-000123)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'WO-000123');
\echo '--- custom plan: absent word (zeppelin)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'zeppelin');
SET plan_cache_mode = force_generic_plan;
\echo '--- generic plan: common word (inspect)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'inspect');
\echo '--- generic plan: rare word (glycol)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'glycol');
\echo '--- generic plan: absent word (zeppelin)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE list_q(:'org', 'zeppelin');
RESET plan_cache_mode;
\echo '--- plan cache (auto): a fresh statement run with a mix of terms, as one pooled connection would'
DEALLOCATE list_q;
PREPARE list_q(uuid, text) AS
SELECT w.id, w.number, w.title, w.description, w.status, w.priority, w.asset_id, w.assignee_id, w.requester_id,
       w.due_at, w.created_at, w.updated_at, w.completed_at, w.version, w.created_at AS sort_key
FROM work_orders w WHERE w.org_id = $1 AND w.deleted_at IS NULL AND w.search @@ websearch_to_tsquery('english', $2)
ORDER BY w.created_at DESC, w.id DESC LIMIT 21;
SELECT 'inspect' AS t \gset
EXECUTE list_q(:'org', 'inspect') \g /dev/null
EXECUTE list_q(:'org', 'glycol') \g /dev/null
EXECUTE list_q(:'org', 'pump leaking') \g /dev/null
EXECUTE list_q(:'org', 'Chiller-0042') \g /dev/null
EXECUTE list_q(:'org', 'filter') \g /dev/null
EXECUTE list_q(:'org', 'WO-000123') \g /dev/null
EXECUTE list_q(:'org', 'boiler room') \g /dev/null
EXECUTE list_q(:'org', 'leaking') \g /dev/null
SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'list_q';

\echo
\echo '=== 4. create (INSERT ... RETURNING with the history row, one statement), rolled back'
BEGIN;
EXPLAIN (ANALYZE, BUFFERS)
WITH created AS (
  INSERT INTO work_orders AS w (org_id, number, title, description, priority, asset_id, assignee_id,
                                requester_id, due_at, created_by)
  VALUES (:'org', next_wo_number(:'org'), 'Replace filter on AHU-0003', 'The filter is clogged.', 'high', :'asset_id',
          NULL, :'admin_id', now() + interval '3 days', :'admin_id')
  RETURNING w.id, w.number, w.title, w.description, w.status, w.priority, w.asset_id, w.assignee_id,
            w.requester_id, w.due_at, w.created_at, w.updated_at, w.completed_at, w.version
), history AS (
  INSERT INTO work_order_history (org_id, work_order_id, action, new_value, actor_id)
  SELECT :'org', c.id, 'created',
         jsonb_build_object('number', format_wo_number(c.number), 'title', c.title,
                            'description', c.description, 'status', c.status, 'priority', c.priority,
                            'asset_id', c.asset_id, 'assignee_id', c.assignee_id,
                            'requester_id', c.requester_id, 'due_at', c.due_at),
         :'admin_id'
  FROM created c
)
SELECT * FROM created w;
ROLLBACK;
