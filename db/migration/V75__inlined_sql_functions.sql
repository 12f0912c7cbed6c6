-- The create statement (WorkOrderRepository.INSERT) calls api_time four times and, through the
-- generated search column, format_wo_number once. A SQL function that the planner cannot inline
-- is run by fmgr_sql, which parses and plans its body again in every statement that calls it: a
-- CPU profile of PostgreSQL under a create load at 1,000,000 rows put 12 % of its time there
-- (bench/RESULTS.md, session 11). api_time was not inlined because it was STRICT with a CASE in
-- its body (a strict function is inlined only when its body is strict too); without STRICT it
-- still answers null for null (to_char(null) is null, and so is anything || null).
--
-- Both now have SQL-standard bodies (RETURN …): PostgreSQL stores those parsed, so inlining
-- them reads a node tree instead of parsing the text of the body again.
CREATE OR REPLACE FUNCTION api_time(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
           || CASE WHEN extract(microseconds FROM t)::bigint % 1000000 = 0 THEN ''
                   ELSE '.' || rtrim(to_char(t AT TIME ZONE 'UTC', 'US'), '0') END
           || 'Z';

CREATE OR REPLACE FUNCTION format_wo_number(n bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 'WO-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END;
