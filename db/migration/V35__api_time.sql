-- Timestamps as the API writes them (the service formats with Java's ISO_OFFSET_DATE_TIME in UTC):
-- seconds always, a fraction only when it is not zero and without trailing zeros, then 'Z'.
-- Statements that build API JSON inside PostgreSQL (the work order in a "created" event, written
-- by the same statement as the work order) use it, so their JSON equals the service's.
-- dev.wrench.db.ApiTimeTest compares the two on many values.
CREATE FUNCTION api_time(t timestamptz) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
           || CASE WHEN extract(microseconds FROM t)::bigint % 1000000 = 0 THEN ''
                   ELSE '.' || rtrim(to_char(t AT TIME ZONE 'UTC', 'US'), '0') END
           || 'Z'
$$;
