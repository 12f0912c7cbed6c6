-- Maintenance requests (issue 20; docs/domain.md, "Requests"): what anyone may ask for, which a
-- manager approves into a work order or rejects with a reason.
--
-- Request numbers (RQ-000012) are a per-organization sequence of their own, made as work order
-- numbers are (V1): one PostgreSQL SEQUENCE per organization, so creates never wait on a counter
-- row, and a number is never handed out twice (gaps are allowed).
CREATE FUNCTION rq_number_sequence_name(org uuid) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 'rq_number_' || replace(org::text, '-', '');

-- As V50 made the work order functions: the sequence is made by the system role (which may not
-- create objects) and drawn from by the tenant role, so both run as their owner; drawing is refused
-- for any organization but the transaction's own.
CREATE FUNCTION create_rq_number_sequence() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', rq_number_sequence_name(NEW.id));
    RETURN NEW;
END $$;

CREATE TRIGGER organizations_create_rq_number_sequence
    AFTER INSERT ON organizations
    FOR EACH ROW EXECUTE FUNCTION create_rq_number_sequence();

-- The organizations that exist already get theirs now.
DO $$
DECLARE
    org uuid;
BEGIN
    FOR org IN SELECT id FROM organizations LOOP
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', rq_number_sequence_name(org));
    END LOOP;
END $$;

CREATE FUNCTION next_rq_number(org uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(current_setting('wrench.org_id', true), '') NOT IN ('', org::text) THEN
        RAISE EXCEPTION 'request numbers of another organization' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN nextval(rq_number_sequence_name(org)::regclass);
END $$;

CREATE FUNCTION format_rq_number(n bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 'RQ-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END;

CREATE TABLE requests (
    id               uuid        PRIMARY KEY DEFAULT uuid_v7(),
    org_id           uuid        NOT NULL REFERENCES organizations (id),
    number           bigint      NOT NULL,
    title            text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      text        CHECK (length(description) <= 10000),
    asset_id         uuid,
    location_id      uuid,
    priority         text        NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    status           text        NOT NULL DEFAULT 'pending'
                                 CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
    -- The user who asked; null for a request made through a public link (request_link_id).
    requester_id     uuid,
    work_order_id    uuid,
    rejection_reason text        CHECK (length(rejection_reason) BETWEEN 1 AND 2000),
    decided_by       uuid,
    decided_at       timestamptz,
    version          integer     NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT requests_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT requests_number_key UNIQUE (org_id, number),
    CONSTRAINT requests_asset_fk FOREIGN KEY (org_id, asset_id) REFERENCES assets (org_id, id),
    CONSTRAINT requests_location_fk FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id),
    CONSTRAINT requests_requester_fk FOREIGN KEY (org_id, requester_id) REFERENCES users (org_id, id),
    CONSTRAINT requests_work_order_fk FOREIGN KEY (org_id, work_order_id) REFERENCES work_orders (org_id, id),
    CONSTRAINT requests_approved_has_work_order CHECK ((status = 'approved') = (work_order_id IS NOT NULL)),
    CONSTRAINT requests_rejected_has_reason CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
);
CREATE INDEX requests_created_idx ON requests (org_id, created_at, id);
CREATE INDEX requests_updated_idx ON requests (org_id, updated_at, id);
CREATE INDEX requests_requester_idx ON requests (org_id, requester_id, created_at, id);
CREATE INDEX requests_pending_idx ON requests (org_id, created_at, id) WHERE status = 'pending';

ALTER TABLE requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON requests TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON requests TO wrench_system USING (true) WITH CHECK (true);

-- The work order an approved request became. The unique index is the second guard, behind the
-- request's row lock, that one request never makes two work orders.
ALTER TABLE work_orders ADD COLUMN request_id uuid;
ALTER TABLE work_orders ADD CONSTRAINT work_orders_request_fk
    FOREIGN KEY (org_id, request_id) REFERENCES requests (org_id, id);
CREATE UNIQUE INDEX work_orders_request_key ON work_orders (org_id, request_id) WHERE request_id IS NOT NULL;
