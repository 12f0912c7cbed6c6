-- Sites (locations) of an organization. An asset belongs to a site, a work order to its asset's
-- site; a user whose site_ids is not empty sees only those sites' assets and work orders. The
-- repositories' SQL enforces it with site_visible below (docs/security.md, "Site-scoped roles").
CREATE TABLE sites (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id     uuid        NOT NULL REFERENCES organizations (id),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    address    text        CHECK (length(address) <= 500),
    version    integer     NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT sites_org_id_id_key UNIQUE (org_id, id)
);
CREATE INDEX sites_name_idx ON sites (org_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX sites_created_idx ON sites (org_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX sites_updated_idx ON sites (org_id, updated_at, id) WHERE deleted_at IS NULL;

-- The second wall, as V50 gives every tenant table.
ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
ALTER TABLE sites FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sites TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON sites TO wrench_system USING (true) WITH CHECK (true);

-- The sites a user is limited to; empty: all of the organization's. Fixed when the user is made
-- (the access token says whether the list is empty).
ALTER TABLE users ADD COLUMN site_ids uuid[] NOT NULL DEFAULT '{}';

ALTER TABLE assets ADD COLUMN site_id uuid;
ALTER TABLE assets ADD CONSTRAINT assets_site_fk FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id);
CREATE INDEX assets_site_idx ON assets (org_id, site_id) WHERE deleted_at IS NULL;

-- Whether user usr may see a row of site site: yes when the user is limited to no site (or is
-- not a user of this database, like an external identity provider's caller), else only when the
-- row's site is one of theirs (a row without a site is then hidden).
CREATE FUNCTION site_visible(usr uuid, site uuid) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT cardinality(u.site_ids) = 0 OR coalesce(site = ANY (u.site_ids), false)
                       FROM users u WHERE u.id = usr), true)
$$;
