-- Where each meter-triggered preventive maintenance schedule stands (issue 19; the rules are
-- dev.wrench.pm.MeterTriggerRules): the usage its counting starts at, the multiples of `every`
-- already reached, whether a gauge trigger is armed, and the newest reading evaluated. Written by
-- the readings' ingest under the meter's row lock, in the readings' transaction, together with the
-- pm_occurrences rows the batch made due.
CREATE TABLE meter_trigger_states (
    schedule_id  uuid        PRIMARY KEY,
    org_id       uuid        NOT NULL,
    meter_id     uuid        NOT NULL,
    baseline     numeric,
    reached      bigint      NOT NULL DEFAULT 0,
    armed        boolean     NOT NULL DEFAULT true,
    evaluated_to timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meter_trigger_states_schedule_fk FOREIGN KEY (org_id, schedule_id) REFERENCES pm_schedules (org_id, id),
    CONSTRAINT meter_trigger_states_meter_fk FOREIGN KEY (org_id, meter_id) REFERENCES meters (org_id, id)
);

ALTER TABLE meter_trigger_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE meter_trigger_states FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meter_trigger_states TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON meter_trigger_states TO wrench_system USING (true) WITH CHECK (true);

-- Each batch of readings looks up the schedules of its meter: without this, a scan of the
-- organization's schedules per batch.
CREATE INDEX pm_schedules_meter_idx ON pm_schedules (org_id, (trigger ->> 'meter_id'))
    WHERE trigger_type = 'meter' AND deleted_at IS NULL;
