-- Issue 19, calendars: the organization's settings, a site's calendar overrides, locations as a
-- tree, and the work order's new columns (type, location, team, the preventive-maintenance
-- occurrence it was generated for).

-- One row per organization, made on its first PATCH; until then the service answers the defaults
-- (UTC, USD, Mon-Fri, no holidays, no features), so no row is needed for a new organization.
CREATE TABLE organization_settings (
    org_id       uuid        PRIMARY KEY REFERENCES organizations (id),
    time_zone    text        NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64),
    currency     text        NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
    working_days text[]      NOT NULL DEFAULT '{mon,tue,wed,thu,fri}'
                             CHECK (working_days <@ '{mon,tue,wed,thu,fri,sat,sun}'::text[]),
    holidays     date[]      NOT NULL DEFAULT '{}',
    features     jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(features) = 'object'),
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE organization_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organization_settings TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON organization_settings TO wrench_system USING (true) WITH CHECK (true);

-- A site's calendar: each field null means "the organization's" (merged field by field).
ALTER TABLE sites ADD COLUMN time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64);
ALTER TABLE sites ADD COLUMN working_days text[]
    CHECK (working_days <@ '{mon,tue,wed,thu,fri,sat,sun}'::text[]);
ALTER TABLE sites ADD COLUMN holidays date[];

-- Locations: a tree per organization. path_ids is the materialised path, the ids from the root
-- down to the row itself: a subtree is "path_ids @> {id}" (GIN-indexed), a cycle is a new parent
-- whose path holds the row. Moves rewrite the subtree's paths; the repository serialises the
-- tree's writes per organization (an advisory lock), so two concurrent moves cannot both pass the
-- cycle check against the paths the other is about to change.
CREATE TABLE locations (
    id         uuid        PRIMARY KEY DEFAULT uuid_v7(),
    org_id     uuid        NOT NULL REFERENCES organizations (id),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id  uuid,
    site_id    uuid,
    path_ids   uuid[]      NOT NULL,
    version    integer     NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT locations_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT locations_parent_fk FOREIGN KEY (org_id, parent_id) REFERENCES locations (org_id, id),
    CONSTRAINT locations_site_fk FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id),
    CONSTRAINT locations_not_own_parent CHECK (parent_id IS DISTINCT FROM id),
    CONSTRAINT locations_path_ends_with_self CHECK (path_ids[cardinality(path_ids)] = id)
);
CREATE INDEX locations_name_idx ON locations (org_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX locations_created_idx ON locations (org_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX locations_updated_idx ON locations (org_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX locations_parent_idx ON locations (org_id, parent_id) WHERE deleted_at IS NULL;
CREATE INDEX locations_path_idx ON locations USING gin (path_ids);
ALTER TABLE locations ENABLE ROW LEVEL SECURITY;
ALTER TABLE locations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON locations TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON locations TO wrench_system USING (true) WITH CHECK (true);

-- Assets take a location of their organization, never a deleted one. The check locks the
-- location FOR SHARE, so a concurrent delete (which locks the row for update and then counts the
-- assets) either sees this asset or refuses it.
ALTER TABLE assets ADD COLUMN location_id uuid;
ALTER TABLE assets ADD CONSTRAINT assets_location_fk FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id);
CREATE INDEX assets_location_idx ON assets (org_id, location_id) WHERE deleted_at IS NULL;

CREATE FUNCTION assets_refuse_deleted_location() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    gone boolean;
BEGIN
    IF NEW.location_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.location_id IS DISTINCT FROM OLD.location_id) THEN
        SELECT deleted_at IS NOT NULL INTO gone FROM locations
        WHERE org_id = NEW.org_id AND id = NEW.location_id FOR SHARE;
        IF gone THEN
            RAISE EXCEPTION 'assets_location_fk refers to a deleted row'
                USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'assets_location_fk';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER assets_refuse_deleted_location
    BEFORE INSERT OR UPDATE OF location_id ON assets
    FOR EACH ROW EXECUTE FUNCTION assets_refuse_deleted_location();

-- The work order's new columns, all on its row so that the get and the create stay one statement.
-- pm_schedule_id has no foreign key here: pm_schedules comes with the schedules' own migration.
ALTER TABLE work_orders ADD COLUMN type text NOT NULL DEFAULT 'corrective'
    CHECK (type IN ('corrective', 'preventive', 'inspection', 'emergency'));
ALTER TABLE work_orders ADD COLUMN location_id uuid;
ALTER TABLE work_orders ADD COLUMN team_id uuid;
ALTER TABLE work_orders ADD COLUMN pm_schedule_id uuid;
ALTER TABLE work_orders ADD COLUMN occurrence_at timestamptz;
ALTER TABLE work_orders ADD CONSTRAINT work_orders_location_fk
    FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id);
ALTER TABLE work_orders ADD CONSTRAINT work_orders_team_fk FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id);
ALTER TABLE work_orders ADD CONSTRAINT work_orders_occurrence_with_schedule
    CHECK ((pm_schedule_id IS NULL) = (occurrence_at IS NULL));
-- Exactly one work order per (schedule, occurrence), however many generators race for it. Soft
-- deleted ones count too: a deleted occurrence is not generated again.
CREATE UNIQUE INDEX work_orders_pm_occurrence_key ON work_orders (org_id, pm_schedule_id, occurrence_at)
    WHERE pm_schedule_id IS NOT NULL;
CREATE INDEX work_orders_location_idx ON work_orders (org_id, location_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL AND location_id IS NOT NULL;
CREATE INDEX work_orders_type_idx ON work_orders (org_id, type, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX work_orders_pm_schedule_idx ON work_orders (org_id, pm_schedule_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL AND pm_schedule_id IS NOT NULL;

-- V61's checks, and the same for a location: a new reference to a soft-deleted row is refused as
-- a foreign key violation naming the constraint (422 with its pointer).
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
    IF NEW.location_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.location_id IS DISTINCT FROM OLD.location_id)
       AND EXISTS (SELECT 1 FROM locations
                   WHERE org_id = NEW.org_id AND id = NEW.location_id AND deleted_at IS NOT NULL) THEN
        RAISE EXCEPTION 'work_orders_location_fk refers to a deleted row'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'work_orders_location_fk';
    END IF;
    IF NEW.team_id IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.team_id IS DISTINCT FROM OLD.team_id)
       AND EXISTS (SELECT 1 FROM teams
                   WHERE org_id = NEW.org_id AND id = NEW.team_id AND deleted_at IS NOT NULL) THEN
        RAISE EXCEPTION 'work_orders_team_fk refers to a deleted row'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'work_orders_team_fk';
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER work_orders_refuse_deleted_references ON work_orders;
CREATE TRIGGER work_orders_refuse_deleted_references
    BEFORE INSERT OR UPDATE OF asset_id, assignee_id, location_id, team_id ON work_orders
    FOR EACH ROW EXECUTE FUNCTION work_orders_refuse_deleted_references();
