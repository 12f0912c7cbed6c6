-- Public request intake (issue 20; docs/domain.md, "Public intake"): a manager makes a revocable
-- link token for one asset (a QR code on the machine); anyone holding it files a pending request of
-- that asset without logging in. Tokens are stored only as their SHA-256 (Secrets.digest,
-- base64url), as API keys and refresh tokens are: a database dump gives no usable link.
CREATE TABLE request_links (
    id          uuid        PRIMARY KEY DEFAULT uuid_v7(),
    org_id      uuid        NOT NULL REFERENCES organizations (id),
    asset_id    uuid        NOT NULL,
    token_hash  text        NOT NULL,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    CONSTRAINT request_links_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT request_links_asset_fk FOREIGN KEY (org_id, asset_id) REFERENCES assets (org_id, id),
    CONSTRAINT request_links_created_by_fk FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id)
);
-- The look-up of a presented token (the only input of the public route), across organizations.
CREATE UNIQUE INDEX request_links_token_key ON request_links (token_hash);
CREATE INDEX request_links_asset_idx ON request_links (org_id, asset_id, created_at, id);

ALTER TABLE request_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE request_links FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON request_links TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON request_links TO wrench_system USING (true) WITH CHECK (true);

-- A request filed through a link: the link, the contact the public gave (shown to staff only), and
-- the SHA-256 of the status token that alone lets its filer read its status page.
ALTER TABLE requests ADD COLUMN request_link_id uuid;
ALTER TABLE requests ADD CONSTRAINT requests_request_link_fk
    FOREIGN KEY (org_id, request_link_id) REFERENCES request_links (org_id, id);
ALTER TABLE requests ADD COLUMN contact text CHECK (length(contact) BETWEEN 1 AND 500);
ALTER TABLE requests ADD COLUMN status_token_hash text;
CREATE UNIQUE INDEX requests_status_token_key ON requests (status_token_hash)
    WHERE status_token_hash IS NOT NULL;

-- Events carry a request as the API shows it (V87), now with its contact.
CREATE OR REPLACE FUNCTION request_event_json(r requests) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN jsonb_build_object(
        'id', r.id, 'number', format_rq_number(r.number), 'title', r.title,
        'description', r.description, 'asset_id', r.asset_id, 'location_id', r.location_id,
        'priority', r.priority, 'status', r.status, 'requester_id', r.requester_id,
        'work_order_id', r.work_order_id, 'rejection_reason', r.rejection_reason,
        'contact', r.contact,
        'created_at', api_time(r.created_at), 'updated_at', api_time(r.updated_at),
        'version', r.version);
