-- Issue 20, labor and costs: a technician's hourly rate, time entries (timers and manual entries)
-- and other cost lines of a work order, and the work order's cost sums. The sums live on the work
-- order row and are changed in the transaction of each entry or line, so that reading a work
-- order stays one indexed row read (never a sum over its children).

-- The rate a new time entry takes as its own (a snapshot: changing the rate later changes no
-- entry). In the organization's currency, up to four decimal places.
ALTER TABLE technicians ADD COLUMN hourly_rate numeric NOT NULL DEFAULT 0
    CHECK (hourly_rate >= 0 AND scale(hourly_rate) <= 4);

-- The work order's sums, each exact and rounded to the currency's minor unit (each entry and line
-- is). parts_cost is 0 until inventory (issue 21) adds to it in the same way.
ALTER TABLE work_orders ADD COLUMN labor_cost numeric NOT NULL DEFAULT 0;
ALTER TABLE work_orders ADD COLUMN parts_cost numeric NOT NULL DEFAULT 0;
ALTER TABLE work_orders ADD COLUMN other_cost numeric NOT NULL DEFAULT 0;
-- The currency of those sums: the organization's when the work order is made, kept with the row
-- (amounts are never converted; and the get stays one row read).
ALTER TABLE work_orders ADD COLUMN cost_currency text NOT NULL DEFAULT 'USD'
    CHECK (cost_currency ~ '^[A-Z]{3}$');
UPDATE work_orders w SET cost_currency = s.currency
    FROM organization_settings s WHERE s.org_id = w.org_id AND s.currency <> 'USD';

CREATE FUNCTION work_orders_cost_currency() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.cost_currency := coalesce(
        (SELECT currency FROM organization_settings WHERE org_id = NEW.org_id), 'USD');
    RETURN NEW;
END $$;
CREATE TRIGGER work_orders_cost_currency BEFORE INSERT ON work_orders
    FOR EACH ROW EXECUTE FUNCTION work_orders_cost_currency();

-- The team filter of the work order list.
CREATE INDEX work_orders_team_idx ON work_orders (org_id, team_id, created_at DESC, id DESC)
    WHERE deleted_at IS NULL AND team_id IS NOT NULL;

-- Time a technician spent on a work order. A running timer has neither ended_at, minutes nor cost.
CREATE TABLE time_entries (
    id            uuid        PRIMARY KEY DEFAULT uuid_v7(),
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    work_order_id uuid        NOT NULL,
    technician_id uuid        NOT NULL,
    started_at    timestamptz NOT NULL,
    ended_at      timestamptz,
    minutes       integer     CHECK (minutes >= 0),
    hourly_rate   numeric     NOT NULL CHECK (hourly_rate >= 0),
    cost          numeric     CHECK (cost >= 0),
    note          text        CHECK (length(note) <= 1000),
    created_by    uuid        NOT NULL,
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz,
    CONSTRAINT time_entries_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT time_entries_work_order_fk FOREIGN KEY (org_id, work_order_id) REFERENCES work_orders (org_id, id),
    CONSTRAINT time_entries_technician_fk FOREIGN KEY (org_id, technician_id) REFERENCES technicians (org_id, id),
    CONSTRAINT time_entries_ended_with_cost
        CHECK ((ended_at IS NULL) = (minutes IS NULL) AND (ended_at IS NULL) = (cost IS NULL)),
    CONSTRAINT time_entries_ends_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- One running timer per technician across all work orders: however many starts race, the index
-- lets one in (a second waits for the first to commit, then conflicts).
CREATE UNIQUE INDEX time_entries_one_running_key ON time_entries (org_id, technician_id)
    WHERE ended_at IS NULL AND deleted_at IS NULL;
CREATE INDEX time_entries_work_order_idx ON time_entries (org_id, work_order_id, started_at, id)
    WHERE deleted_at IS NULL;

ALTER TABLE time_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE time_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON time_entries TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON time_entries TO wrench_system USING (true) WITH CHECK (true);

-- Other costs of a work order (a contractor's invoice, material bought for it, travel).
CREATE TABLE work_order_costs (
    id            uuid        PRIMARY KEY DEFAULT uuid_v7(),
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    work_order_id uuid        NOT NULL,
    category      text        NOT NULL
                              CHECK (category IN ('contractor', 'material', 'travel', 'equipment', 'other')),
    description   text        CHECK (length(description) <= 1000),
    amount        numeric     NOT NULL CHECK (amount >= 0),
    created_by    uuid        NOT NULL,
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz,
    CONSTRAINT work_order_costs_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT work_order_costs_work_order_fk FOREIGN KEY (org_id, work_order_id) REFERENCES work_orders (org_id, id)
);
CREATE INDEX work_order_costs_work_order_idx ON work_order_costs (org_id, work_order_id, created_at, id)
    WHERE deleted_at IS NULL;

ALTER TABLE work_order_costs ENABLE ROW LEVEL SECURITY;
ALTER TABLE work_order_costs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON work_order_costs TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON work_order_costs TO wrench_system USING (true) WITH CHECK (true);

-- The minor unit of an ISO 4217 currency: the one place that says how many decimals its amounts
-- are rounded to and shown with (the work order's sums, built here for events and in Java for
-- reads, and each entry's cost). Every currency not listed has two.
CREATE FUNCTION currency_minor_digits(code text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN code IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX',
                      'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF') THEN 0
        WHEN code IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') THEN 3
        WHEN code IN ('CLF', 'UYW') THEN 4
        ELSE 2
    END
$$;

-- The work order's "costs" as the API shows them, for the events built in SQL (the created event's
-- work order); WorkOrderRows builds the same for reads.
CREATE FUNCTION work_order_costs_json(labor numeric, parts numeric, other numeric, currency text)
    RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('labor', round(labor, d)::text, 'parts', round(parts, d)::text,
                              'other', round(other, d)::text,
                              'total', round(labor + parts + other, d)::text, 'currency', currency)
    FROM (SELECT currency_minor_digits(currency) AS d) AS digits
$$;
