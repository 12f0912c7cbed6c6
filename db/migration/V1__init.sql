-- Wrench schema, version 1.
-- Every tenant-owned table carries org_id from the start, and references between
-- tenant-owned rows are composite (org_id, id) foreign keys, so that a row can never
-- point at another tenant's row even if application code forgets a check.

CREATE TABLE organizations (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Work order numbers are a per-organization sequence. A row lock on a counter would
-- serialize every create of a tenant; one PostgreSQL SEQUENCE per organization does not,
-- and like any sequence it never hands out a number twice (gaps are allowed).
CREATE FUNCTION wo_number_sequence_name(org uuid) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'wo_number_' || replace(org::text, '-', '') $$;

CREATE FUNCTION create_wo_number_sequence() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', wo_number_sequence_name(NEW.id));
    RETURN NEW;
END $$;

CREATE TRIGGER organizations_create_wo_number_sequence
    AFTER INSERT ON organizations
    FOR EACH ROW EXECUTE FUNCTION create_wo_number_sequence();

CREATE FUNCTION next_wo_number(org uuid) RETURNS bigint
    LANGUAGE sql AS $$ SELECT nextval(wo_number_sequence_name(org)::regclass) $$;

CREATE FUNCTION format_wo_number(n bigint) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT 'WO-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END $$;

-- The default organization: one tenant until organizations can be created through the API.
INSERT INTO organizations (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'Default organization');

-- Append-only tables refuse UPDATE, DELETE and TRUNCATE whatever the caller.
CREATE FUNCTION refuse_change_of_append_only_table() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TABLE users (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    email         text        NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    name          text,
    role          text        NOT NULL CHECK (role IN ('admin', 'manager', 'technician', 'requester')),
    password_hash text        NOT NULL,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_org_id_id_key UNIQUE (org_id, id)
);
-- Log-in is by e-mail alone, so an address is unique across tenants.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_org_created_idx ON users (org_id, created_at, id);

CREATE TABLE assets (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    name          text        NOT NULL,
    category      text,
    serial_number text,
    location      text,
    parent_id     uuid,
    status        text        NOT NULL DEFAULT 'operational' CHECK (status IN ('operational', 'down', 'retired')),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz,
    CONSTRAINT assets_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT assets_parent_fk FOREIGN KEY (org_id, parent_id) REFERENCES assets (org_id, id),
    CONSTRAINT assets_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX assets_name_idx ON assets (org_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX assets_created_idx ON assets (org_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX assets_updated_idx ON assets (org_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX assets_category_idx ON assets (org_id, category) WHERE deleted_at IS NULL;
CREATE INDEX assets_parent_idx ON assets (org_id, parent_id) WHERE deleted_at IS NULL;

CREATE TABLE technicians (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id     uuid        NOT NULL REFERENCES organizations (id),
    name       text        NOT NULL,
    email      text,
    skills     text[]      NOT NULL DEFAULT '{}',
    user_id    uuid,
    active     boolean     NOT NULL DEFAULT true,
    version    integer     NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT technicians_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT technicians_user_fk FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
-- One technician record per user account.
CREATE UNIQUE INDEX technicians_user_key ON technicians (org_id, user_id) WHERE user_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX technicians_name_idx ON technicians (org_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX technicians_created_idx ON technicians (org_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX technicians_updated_idx ON technicians (org_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX technicians_skills_idx ON technicians USING gin (skills) WHERE deleted_at IS NULL;

CREATE TABLE work_orders (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    number        bigint      NOT NULL,
    title         text        NOT NULL,
    description   text,
    status        text        NOT NULL DEFAULT 'open'
                              CHECK (status IN ('open', 'in_progress', 'on_hold', 'completed', 'cancelled')),
    priority      text        NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    -- Sorting by priority means by urgency, not alphabetically.
    priority_rank smallint    GENERATED ALWAYS AS (
                                  CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 ELSE 4 END
                              ) STORED,
    asset_id      uuid,
    assignee_id   uuid,
    requester_id  uuid,
    due_at        timestamptz,
    created_by    uuid,
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    deleted_at    timestamptz,
    -- Full-text search over number (as "WO-000123", "000123" and "123"), title and description.
    search        tsvector    GENERATED ALWAYS AS (
                                  setweight(to_tsvector('simple', format_wo_number(number) || ' '
                                      || lpad(number::text, 6, '0') || ' ' || number::text), 'A')
                                  || setweight(to_tsvector('english', title), 'B')
                                  || setweight(to_tsvector('english', coalesce(description, '')), 'C')
                              ) STORED,
    CONSTRAINT work_orders_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT work_orders_number_key UNIQUE (org_id, number),
    CONSTRAINT work_orders_asset_fk FOREIGN KEY (org_id, asset_id) REFERENCES assets (org_id, id),
    CONSTRAINT work_orders_assignee_fk FOREIGN KEY (org_id, assignee_id) REFERENCES technicians (org_id, id),
    CONSTRAINT work_orders_requester_fk FOREIGN KEY (org_id, requester_id) REFERENCES users (org_id, id)
);
-- One index per list shape: the default sort, each filter that narrows a list, each sort.
CREATE INDEX work_orders_created_idx ON work_orders (org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX work_orders_status_priority_idx ON work_orders (org_id, status, priority, created_at DESC, id DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX work_orders_assignee_idx ON work_orders (org_id, assignee_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX work_orders_asset_idx ON work_orders (org_id, asset_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX work_orders_requester_idx ON work_orders (org_id, requester_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX work_orders_due_idx ON work_orders (org_id, due_at, id) WHERE deleted_at IS NULL;
CREATE INDEX work_orders_updated_idx ON work_orders (org_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX work_orders_priority_idx ON work_orders (org_id, priority_rank, id) WHERE deleted_at IS NULL;
CREATE INDEX work_orders_search_idx ON work_orders USING gin (search) WHERE deleted_at IS NULL;

-- Who changed which field when: written in the same statement or transaction as the change.
CREATE TABLE work_order_history (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id        uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    action        text        NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
    field         text,
    old_value     jsonb,
    new_value     jsonb,
    actor_id      uuid,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT work_order_history_work_order_fk FOREIGN KEY (org_id, work_order_id) REFERENCES work_orders (org_id, id)
);
CREATE INDEX work_order_history_work_order_idx ON work_order_history (work_order_id, id);
CREATE TRIGGER work_order_history_append_only
    BEFORE UPDATE OR DELETE ON work_order_history
    FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only_table();
CREATE TRIGGER work_order_history_no_truncate
    BEFORE TRUNCATE ON work_order_history
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only_table();

CREATE TABLE work_order_comments (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    author_id     uuid        NOT NULL,
    body          text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT work_order_comments_work_order_fk FOREIGN KEY (org_id, work_order_id) REFERENCES work_orders (org_id, id),
    CONSTRAINT work_order_comments_author_fk FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id)
);
CREATE INDEX work_order_comments_work_order_idx ON work_order_comments (work_order_id, created_at, id);

-- Idempotency-Key records: the first response to a create, replayed for 24 hours.
CREATE TABLE idempotency_keys (
    org_id        uuid        NOT NULL,
    principal_id  uuid        NOT NULL,
    operation     text        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    response      jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, principal_id, operation, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
