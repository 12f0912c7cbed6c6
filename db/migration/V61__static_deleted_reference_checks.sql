-- The work order trigger of V2 checked its references with dynamic SQL (EXECUTE format(...)),
-- which PostgreSQL parses and plans again on every insert: about a third of a millisecond of each
-- create at 1,000,000 rows (pg_stat_statements, bench/RESULTS.md session 5). The same checks as
-- static statements, whose plans each session keeps. Same errors as before: a new reference to a
-- soft-deleted row is a foreign key violation naming the constraint (422 with its pointer).
CREATE OR REPLACE FUNCTION work_orders_refuse_deleted_references() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.asset_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.asset_id IS DISTINCT FROM OLD.asset_id)
       AND EXISTS (SELECT 1 FROM assets
                   WHERE org_id = NEW.org_id AND id = NEW.asset_id AND deleted_at IS NOT NULL) THEN
        RAISE EXCEPTION 'work_orders_asset_fk refers to a deleted row'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'work_orders_asset_fk';
    END IF;
    IF NEW.assignee_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id)
       AND EXISTS (SELECT 1 FROM technicians
                   WHERE org_id = NEW.org_id AND id = NEW.assignee_id AND deleted_at IS NOT NULL) THEN
        RAISE EXCEPTION 'work_orders_assignee_fk refers to a deleted row'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'work_orders_assignee_fk';
    END IF;
    RETURN NEW;
END $$;
