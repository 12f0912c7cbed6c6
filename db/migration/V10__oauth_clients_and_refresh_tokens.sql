-- OAuth 2.0: registered API clients (client_credentials grant) and refresh tokens.

-- A client acts as one user of its organization (its service account): its tokens carry that
-- user's id and role, so every row rule and reference of the user applies to the client too.
-- The secret is a 256-bit random value shown once; only its SHA-256 is kept.
CREATE TABLE oauth_clients (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id      uuid        NOT NULL REFERENCES organizations (id),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    user_id     uuid        NOT NULL,
    scopes      text[]      NOT NULL CHECK (cardinality(scopes) >= 1),
    secret_hash bytea       NOT NULL,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    CONSTRAINT oauth_clients_org_id_id_key UNIQUE (org_id, id),
    CONSTRAINT oauth_clients_user_fk FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
CREATE INDEX oauth_clients_org_created_idx ON oauth_clients (org_id, created_at, id) WHERE revoked_at IS NULL;

-- Refresh tokens are opaque random values; only their SHA-256 is kept. Each use replaces the
-- token with a new one of the same family; presenting a used token again revokes the family
-- (OAuth 2.0 Security BCP, refresh token rotation with reuse detection).
CREATE TABLE refresh_tokens (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id      uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    family_id   uuid        NOT NULL,
    token_hash  bytea       NOT NULL,
    scope       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    CONSTRAINT refresh_tokens_user_fk FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
