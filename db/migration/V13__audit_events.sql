-- The audit log: sensitive operations and their outcome, append-only.
CREATE TABLE audit_events (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Null when no tenant is known (a failed log-in of an account that does not exist).
    org_id      uuid        REFERENCES organizations (id),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    action      text        NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    outcome     text        NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    actor_id    uuid,
    subject     text        CHECK (length(subject) <= 320),
    target_type text,
    target_id   text,
    address     text,
    request_id  text,
    details     jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_org_time_idx ON audit_events (org_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_org_action_idx ON audit_events (org_id, action, occurred_at DESC, id DESC);

-- No one changes history, whatever their privileges: UPDATE, DELETE and TRUNCATE are refused.
CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only_table();
CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only_table();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;

-- The triggers hold for every role, superusers included, as long as they are enabled; only the
-- table's owner or a superuser can disable or drop them. A deployment that wants the service
-- unable even to do that runs migrations as the owner and the service as a role granted only
-- SELECT and INSERT on this table (see README, "Audit log").
