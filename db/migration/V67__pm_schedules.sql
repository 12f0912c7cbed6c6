-- Preventive maintenance schedules and their occurrences (issue 19; docs/domain.md, "Preventive
-- maintenance"). A schedule generates work orders; pm_occurrences records each occurrence that was
-- generated or skipped, and its primary key (schedule_id, occurrence_at) is what makes generation
-- happen exactly once per occurrence however many instances run the generator.
CREATE TABLE pm_schedules (
    id                    uuid        PRIMARY KEY DEFAULT uuid_v7(),
    org_id                uuid        NOT NULL REFERENCES organizations (id),
    title                 text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description           text        CHECK (length(description) <= 10000),
    priority              text        NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    asset_id              uuid,
    assignee_id           uuid,
    team_id               uuid,
    -- Locations are another part of issue 19 (their table comes with it): no reference yet.
    location_id           uuid,
    -- The site whose calendar and visibility the schedule takes: the asset's, else the team's.
    site_id               uuid,
    -- Checklists come later: no reference yet.
    checklist_template_id uuid,
    lead_time_days        integer     NOT NULL DEFAULT 0 CHECK (lead_time_days BETWEEN 0 AND 365),
    non_working_days      text        NOT NULL DEFAULT 'keep'
                                      CHECK (non_working_days IN ('keep', 'skip', 'next_working_day', 'previous_working_day')),
    trigger_type          text        NOT NULL CHECK (trigger_type IN ('calendar', 'after_completion', 'meter')),
    trigger               jsonb       NOT NULL,
    paused                boolean     NOT NULL DEFAULT false,
    -- The next occurrence the generator will record (its scheduled instant, the key in
    -- pm_occurrences) and when it is due (moved by the non-working-day policy); both null when
    -- nothing is planned: a calendar rule that has ended, an after_completion schedule waiting for
    -- its work order, a meter schedule (its occurrences come from readings).
    next_occurrence_at    timestamptz,
    next_due_at           timestamptz,
    -- after_completion: the generated work order whose completion starts the next interval.
    awaiting_work_order_id uuid,
    created_by            uuid,
    version               integer     NOT NULL DEFAULT 1,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    deleted_at            timestamptz,
    CONSTRAINT pm_schedules_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT pm_schedules_asset_fk FOREIGN KEY (org_id, asset_id) REFERENCES assets (org_id, id),
    CONSTRAINT pm_schedules_assignee_fk FOREIGN KEY (org_id, assignee_id) REFERENCES technicians (org_id, id),
    CONSTRAINT pm_schedules_team_fk FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id),
    CONSTRAINT pm_schedules_site_fk FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id)
);
CREATE INDEX pm_schedules_created_idx ON pm_schedules (org_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX pm_schedules_updated_idx ON pm_schedules (org_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX pm_schedules_title_idx ON pm_schedules (org_id, title, id) WHERE deleted_at IS NULL;
CREATE INDEX pm_schedules_asset_idx ON pm_schedules (org_id, asset_id) WHERE deleted_at IS NULL;
-- The generator's claim: every organization's schedules that come due soonest (cross-tenant).
CREATE INDEX pm_schedules_due_idx ON pm_schedules (next_due_at)
    WHERE deleted_at IS NULL AND NOT paused AND next_due_at IS NOT NULL;
CREATE INDEX pm_schedules_awaiting_idx ON pm_schedules (awaiting_work_order_id)
    WHERE awaiting_work_order_id IS NOT NULL;

ALTER TABLE pm_schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON pm_schedules TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON pm_schedules TO wrench_system USING (true) WITH CHECK (true);

-- One row per occurrence that was decided: 'due' (recorded, its work order not made yet: by the
-- calendar generator, or by a meter reading's ingest in the readings' transaction), 'generated'
-- (work_order_id set) or 'skipped' (missed beyond pm.catch_up_limit, or on a non-working day under
-- the 'skip' policy). Planned occurrences are computed, never stored.
CREATE TABLE pm_occurrences (
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    schedule_id   uuid        NOT NULL,
    occurrence_at timestamptz NOT NULL,
    due_at        timestamptz NOT NULL,
    status        text        NOT NULL CHECK (status IN ('due', 'generated', 'skipped')),
    work_order_id uuid,
    -- The lease of the instance making its work order: a killed instance's claim expires.
    claimed_until timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule_id, occurrence_at),
    CONSTRAINT pm_occurrences_schedule_fk FOREIGN KEY (org_id, schedule_id) REFERENCES pm_schedules (org_id, id),
    CONSTRAINT pm_occurrences_generated_has_work_order CHECK ((status = 'generated') = (work_order_id IS NOT NULL))
);
-- The generator's second step: occurrences waiting for their work order, newest first.
CREATE INDEX pm_occurrences_due_idx ON pm_occurrences (occurrence_at DESC) WHERE status = 'due';
CREATE INDEX pm_occurrences_work_order_idx ON pm_occurrences (org_id, work_order_id) WHERE work_order_id IS NOT NULL;

ALTER TABLE pm_occurrences ENABLE ROW LEVEL SECURITY;
ALTER TABLE pm_occurrences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON pm_occurrences TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON pm_occurrences TO wrench_system USING (true) WITH CHECK (true);
