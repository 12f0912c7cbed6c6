-- API keys for service clients (Authorization: ApiKey <key>). A key acts as one user of its
-- organization, limited to its scopes. The key is 256 random bits shown once; only its SHA-256 is
-- kept (the digest is the lookup key), with the first characters for people to recognise it.
CREATE TABLE api_keys (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id       uuid        NOT NULL REFERENCES organizations (id),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    user_id      uuid        NOT NULL,
    key_prefix   text        NOT NULL,
    key_hash     bytea       NOT NULL,
    scopes       text[]      NOT NULL CHECK (cardinality(scopes) >= 1),
    expires_at   timestamptz,
    last_used_at timestamptz,
    created_by   uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    rotated_at   timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT api_keys_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT api_keys_user_fk FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (key_hash);
CREATE INDEX api_keys_org_created_idx ON api_keys (org_id, created_at, id) WHERE revoked_at IS NULL;
