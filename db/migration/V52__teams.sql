-- Teams of an organization (optionally of one site); technicians belong to a site and a team.
CREATE TABLE teams (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id     uuid        NOT NULL REFERENCES organizations (id),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    site_id    uuid,
    version    integer     NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT teams_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT teams_site_fk FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id)
);
CREATE INDEX teams_name_idx ON teams (org_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX teams_created_idx ON teams (org_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX teams_updated_idx ON teams (org_id, updated_at, id) WHERE deleted_at IS NULL;

ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
ALTER TABLE teams FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON teams TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON teams TO wrench_system USING (true) WITH CHECK (true);

ALTER TABLE technicians ADD COLUMN site_id uuid;
ALTER TABLE technicians ADD COLUMN team_id uuid;
ALTER TABLE technicians ADD CONSTRAINT technicians_site_fk FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id);
ALTER TABLE technicians ADD CONSTRAINT technicians_team_fk FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id);
CREATE INDEX technicians_team_idx ON technicians (org_id, team_id) WHERE deleted_at IS NULL;
