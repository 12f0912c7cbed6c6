-- One chunk of work orders: numbers :lo..:hi of :total, created over the last three years in
-- number order, with status, priority, assignee, asset and text drawn from the bench_seed
-- word lists. Run by seed.sh, several chunks at once, with the secondary indexes dropped and
-- session_replication_role = replica (foreign keys are not re-checked row by row: every
-- reference is drawn from rows that exist).
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SET synchronous_commit = off;
SELECT setseed(:seed) \gset

BEGIN;
INSERT INTO work_orders (org_id, number, title, description, status, priority, asset_id, assignee_id,
                         requester_id, due_at, created_by, version, created_at, updated_at, completed_at, deleted_at)
SELECT '00000000-0000-0000-0000-000000000001', g, title, description, status, priority, asset_id, assignee_id,
       requester_id, due_at, requester_id, version, created_at, updated_at, completed_at,
       CASE WHEN r_del < 0.005 THEN updated_at END
FROM (
  SELECT g, x.r_del, s.status, s.created_at,
         ref.requester_ids[bench_seed.pick(cardinality(ref.requester_ids), 1.5, r_req)] AS requester_id,
         a.id AS asset_id,
         CASE WHEN s.status = 'open' AND r_asg < 0.5 THEN NULL WHEN r_asg < 0.95 THEN t.id END AS assignee_id,
         CASE WHEN r_prio < 0.25 THEN 'low' WHEN r_prio < 0.70 THEN 'medium' WHEN r_prio < 0.92 THEN 'high' ELSE 'critical' END AS priority,
         CASE WHEN r_due < 0.7 THEN s.created_at + (1 + floor(r_due * 43)) * interval '1 day' END AS due_at,
         CASE WHEN s.status = 'completed' THEN s.created_at + least(s.age, interval '20 days') * r_done END AS completed_at,
         CASE WHEN s.status = 'completed' THEN s.created_at + least(s.age, interval '20 days') * r_done
              ELSE s.created_at + least(s.age, interval '10 days') * r_upd END AS updated_at,
         CASE WHEN s.status IN ('completed', 'cancelled') THEN 3 + floor(r_upd * 4)::int ELSE 1 + floor(r_upd * 3)::int END AS version,
         ref.verbs[bench_seed.pick(16, 1.4, r_verb)] || ' ' || ref.components[ci]
           || CASE WHEN a.id IS NOT NULL THEN ' on ' || a.name ELSE ' in the ' || ref.places[pi] END AS title,
         CASE WHEN r_desc < 0.05 THEN NULL ELSE
           'The ' || ref.components[ci] || ' is ' || ref.symptoms[bench_seed.pick(30, 1.3, r_sym)]
           || CASE WHEN a.id IS NOT NULL THEN ' at ' || a.location ELSE ' in the ' || ref.places[pi] END || '.'
           || CASE WHEN r_desc < 0.65 THEN ' Reported by the ' || ref.shifts[1 + floor(r_shift * 5)::int] || ' shift, '
                || ref.symptoms[bench_seed.pick(30, 1.3, r_sym2)] || ' for ' || (1 + floor(r_shift * 7)::int) || ' days.' ELSE '' END
           || CASE WHEN r_act < 0.5 THEN ' ' || ref.actions[1 + floor(r_act * 30)::int] || '.' ELSE '' END
           || CASE WHEN r_rare < 0.08 THEN ' Possible ' || ref.rares[1 + floor(r_rare2 * cardinality(ref.rares))::int] || ' issue'
                || CASE WHEN r_rare < 0.03 THEN ', check the ' || ref.rares[1 + floor(r_act * cardinality(ref.rares))::int] ELSE '' END || '.'
              ELSE '' END
         END AS description
  FROM generate_series(:lo, :hi) g
  CROSS JOIN bench_seed.ref ref
  CROSS JOIN LATERAL (
    SELECT random() AS r_time, random() AS r_stat, random() AS r_prio, random() AS r_asg,
           random() AS r_req, random() AS r_due, random() AS r_done, random() AS r_upd,
           random() AS r_verb, random() AS r_sym, random() AS r_sym2, random() AS r_shift, random() AS r_act,
           random() AS r_rare, random() AS r_rare2, random() AS r_desc, random() AS r_del,
           -- 10% of work orders have no asset (n = 0 matches none).
           CASE WHEN random() < 0.9 THEN bench_seed.pick(ref.asset_count, 1.2, random()) ELSE 0 END AS ai,
           bench_seed.pick(ref.technician_count, 1.2, random()) AS ti,
           bench_seed.pick(40, 1.6, random()) AS ci,
           bench_seed.pick(20, 1.3, random()) AS pi,
           g AS gg
  ) x
  CROSS JOIN LATERAL (
    SELECT created_at, now() - created_at AS age,
           CASE WHEN now() - created_at < interval '30 days' THEN
                  CASE WHEN r_stat < 0.35 THEN 'open' WHEN r_stat < 0.62 THEN 'in_progress' WHEN r_stat < 0.72 THEN 'on_hold'
                       WHEN r_stat < 0.97 THEN 'completed' ELSE 'cancelled' END
                ELSE
                  CASE WHEN r_stat < 0.02 THEN 'open' WHEN r_stat < 0.04 THEN 'in_progress' WHEN r_stat < 0.06 THEN 'on_hold'
                       WHEN r_stat < 0.93 THEN 'completed' ELSE 'cancelled' END
           END AS status
    FROM (SELECT now() - interval '3 years' + ((g - 1 + r_time) / :total::float8) * (interval '3 years' - interval '1 minute') AS created_at) c
  ) s
  LEFT JOIN bench_seed.asset_ref a ON a.n = x.ai
  LEFT JOIN bench_seed.technician_ref t ON t.n = x.ti
) w;

-- A running service has already announced the seeded work orders that are past due (its overdue
-- check, WorkOrderEvents.OVERDUE): their notices, in the same transaction, so that the service
-- (running while the seeder loads) never sees these rows without them. Without the notices every
-- start on the seeded database spent its first minutes emitting ~40,000 overdue events and their
-- notifications, and the runs measured that backlog draining (bench/RESULTS.md, session 5).
INSERT INTO work_order_overdue_notices (work_order_id, due_at)
SELECT id, due_at FROM work_orders
WHERE org_id = '00000000-0000-0000-0000-000000000001' AND number BETWEEN :lo AND :hi
  AND deleted_at IS NULL AND due_at < now() AND status NOT IN ('completed', 'cancelled');
COMMIT;
