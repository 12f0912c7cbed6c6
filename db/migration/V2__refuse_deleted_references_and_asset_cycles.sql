-- Soft-deleted rows stay for history, so foreign keys still see them. A new reference to one
-- (on insert, or when the reference changes) is refused as a foreign key violation naming the
-- same constraint, so the service reports it like any other unknown reference (422).

CREATE FUNCTION refuse_reference_to_deleted(tbl regclass, org uuid, ref uuid, constraint_name text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    deleted boolean;
BEGIN
    IF ref IS NULL THEN
        RETURN;
    END IF;
    EXECUTE format('SELECT deleted_at IS NOT NULL FROM %s WHERE org_id = $1 AND id = $2', tbl)
        INTO deleted USING org, ref;
    IF deleted THEN
        RAISE EXCEPTION '% refers to a deleted row', constraint_name
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = constraint_name;
    END IF;
END $$;

CREATE FUNCTION work_orders_refuse_deleted_references() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.asset_id IS DISTINCT FROM OLD.asset_id THEN
        PERFORM refuse_reference_to_deleted('assets', NEW.org_id, NEW.asset_id, 'work_orders_asset_fk');
    END IF;
    IF TG_OP = 'INSERT' OR NEW.assignee_id IS DISTINCT FROM OLD.assignee_id THEN
        PERFORM refuse_reference_to_deleted('technicians', NEW.org_id, NEW.assignee_id, 'work_orders_assignee_fk');
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER work_orders_refuse_deleted_references
    BEFORE INSERT OR UPDATE OF asset_id, assignee_id ON work_orders
    FOR EACH ROW EXECUTE FUNCTION work_orders_refuse_deleted_references();

-- An asset's parent must exist, not be deleted, and not be the asset itself or one of its
-- descendants (no cycles in the asset tree).
CREATE FUNCTION assets_check_parent() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    cycle boolean;
BEGIN
    IF NEW.parent_id IS NULL OR (TG_OP = 'UPDATE' AND NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id) THEN
        RETURN NEW;
    END IF;
    PERFORM refuse_reference_to_deleted('assets', NEW.org_id, NEW.parent_id, 'assets_parent_fk');
    WITH RECURSIVE ancestors(id, depth) AS (
        SELECT NEW.parent_id, 1
        UNION ALL
        SELECT a.parent_id, ancestors.depth + 1
        FROM assets a JOIN ancestors ON a.org_id = NEW.org_id AND a.id = ancestors.id
        WHERE a.parent_id IS NOT NULL AND ancestors.depth < 1000
    )
    SELECT EXISTS (SELECT 1 FROM ancestors WHERE id = NEW.id) INTO cycle;
    IF cycle THEN
        RAISE EXCEPTION 'asset % would be its own ancestor', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'assets_not_own_parent';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER assets_check_parent
    BEFORE INSERT OR UPDATE OF parent_id ON assets
    FOR EACH ROW EXECUTE FUNCTION assets_check_parent();
