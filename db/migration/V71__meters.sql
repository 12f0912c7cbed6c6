-- Meters of assets and their readings (issue 19; docs: openapi createMeterReadings).
--
-- A meter's latest reading is kept on its row (last_*), written by each batch of readings under the
-- meter's row lock: the meter's answer needs no look-up of its readings, and the lock serialises
-- the batches of one meter, whose counter usage depends on the reading before each.
CREATE TABLE meters (
    id            uuid        PRIMARY KEY DEFAULT uuid_v7(),
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    asset_id      uuid        NOT NULL,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unit          text        NOT NULL CHECK (length(unit) BETWEEN 1 AND 50),
    kind          text        NOT NULL CHECK (kind IN ('counter', 'gauge')),
    last_taken_at timestamptz,
    last_value    numeric,
    last_usage    numeric,
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz,
    CONSTRAINT meters_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT meters_asset_fk FOREIGN KEY (org_id, asset_id) REFERENCES assets (org_id, id)
);
CREATE INDEX meters_name_idx ON meters (org_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX meters_created_idx ON meters (org_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX meters_updated_idx ON meters (org_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX meters_asset_idx ON meters (org_id, asset_id) WHERE deleted_at IS NULL;

ALTER TABLE meters ENABLE ROW LEVEL SECURITY;
ALTER TABLE meters FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meters TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON meters TO wrench_system USING (true) WITH CHECK (true);

-- One row per (meter, taken_at): a second reading at the same instant is ignored, which makes a
-- batch sent twice harmless even without an Idempotency-Key. usage: a counter's cumulative usage
-- from its first reading (a reading lower than the one before is a reset and adds none), kept per
-- reading so that a late reading recomputes only the readings after it; null for a gauge.
-- No surrogate id and no other index: the primary key is the order readings are read and
-- evaluated in, and one index less is what keeps a batch of 1,000 a single cheap INSERT.
CREATE TABLE meter_readings (
    meter_id    uuid        NOT NULL,
    taken_at    timestamptz NOT NULL,
    org_id      uuid        NOT NULL,
    value       numeric     NOT NULL,
    usage       numeric,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meter_readings_pkey PRIMARY KEY (meter_id, taken_at),
    CONSTRAINT meter_readings_meter_fk FOREIGN KEY (org_id, meter_id) REFERENCES meters (org_id, id)
);

ALTER TABLE meter_readings ENABLE ROW LEVEL SECURITY;
ALTER TABLE meter_readings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meter_readings TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON meter_readings TO wrench_system USING (true) WITH CHECK (true);
