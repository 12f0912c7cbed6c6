-- The second wall between tenants: row-level security (docs/security.md, "Row-level security").
--
-- The service's pooled connections act as wrench_app (a startup option of each connection, see
-- RowSecurity). wrench_app sees and writes only the rows of the organization named by the
-- transaction-local setting wrench.org_id, which the service sets with set_config(…, true) at the
-- start of each transaction: a query that forgets its WHERE org_id still sees one tenant only, and
-- a statement run with no organization set sees nothing.
-- wrench_system is the narrow cross-tenant path (log-in by e-mail, token and key look-ups, the
-- outbox relay, the attachment worker, sweeps, creating organizations): the service takes it with
-- SET LOCAL ROLE for one transaction in the few places listed in docs/security.md.
-- Neither role can log in, owns a table, is a superuser or bypasses RLS; FORCE makes the policies
-- bind the tables' owner too. Superusers still bypass RLS, which is why the service never acts as
-- the role it connects with.

-- Roles belong to the whole server, not to one database: create them once, tolerating a
-- concurrent migration of another database doing the same.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wrench_app') THEN
        CREATE ROLE wrench_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wrench_system') THEN
        CREATE ROLE wrench_system NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END $$;

-- The role that runs the service (the one that runs these migrations) must be allowed to SET ROLE
-- to both. A superuser always is; any other role is made a member here, which needs the ADMIN
-- option on them (the creator of a role has it). See README, "Row-level security", for a setup
-- where the service connects as a role other than the migrations'.
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT wrench_app, wrench_system TO %I', current_user);
    END IF;
END $$;

-- Privileges: plain DML on this schema's tables, now and for tables later migrations create.
DO $$
DECLARE
    schema_name text := current_schema();
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO wrench_app, wrench_system', schema_name);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO wrench_app, wrench_system',
                   schema_name);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO wrench_app, wrench_system', schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES'
                   || ' TO wrench_app, wrench_system', schema_name);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO wrench_app, wrench_system',
                   schema_name);
END $$;

-- Append-only tables: the service's roles may read and add, never change or remove (the triggers of
-- V1 and V13 refuse it as well, for every role).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, work_order_history FROM wrench_app, wrench_system;

-- Bookkeeping that belongs to no tenant is for the system path only.
REVOKE ALL ON login_failures, event_relay_lease, work_order_overdue_notices FROM wrench_app;
DO $$
BEGIN
    IF to_regclass('flyway_schema_history') IS NOT NULL THEN
        REVOKE ALL ON flyway_schema_history FROM wrench_app, wrench_system;
    END IF;
END $$;

-- Every table with an org_id column, whichever migration made it: RLS enabled and forced, one
-- policy for the tenant path and one for the system path. TenantIsolationTest fails when a later
-- table with an org_id is left without them.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.relname
          FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I TO wrench_app'
                       || ' USING (org_id = nullif(current_setting(''wrench.org_id'', true), '''')::uuid)'
                       || ' WITH CHECK (org_id = nullif(current_setting(''wrench.org_id'', true), '''')::uuid)',
                       t.relname);
        EXECUTE format('CREATE POLICY system_access ON %I TO wrench_system USING (true) WITH CHECK (true)',
                       t.relname);
    END LOOP;
END $$;

-- The tenants themselves: a tenant sees its own organization only.
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON organizations TO wrench_app
    USING (id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON organizations TO wrench_system USING (true) WITH CHECK (true);

-- Work order numbers: each organization's sequence is made when the organization is (by the
-- system role, which may not create objects) and drawn from by the tenant role. Both functions run
-- as their owner, the role of these migrations; neither reads a table. Drawing is refused for any
-- organization but the transaction's own (when one is set), so that running as the owner does not
-- let a tenant use up another's numbers.
ALTER FUNCTION create_wo_number_sequence() SECURITY DEFINER SET search_path FROM CURRENT;

CREATE OR REPLACE FUNCTION next_wo_number(org uuid) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(current_setting('wrench.org_id', true), '') NOT IN ('', org::text) THEN
        RAISE EXCEPTION 'work order numbers of another organization' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN nextval(wo_number_sequence_name(org)::regclass);
END $$;
