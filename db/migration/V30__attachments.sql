-- Attachments of work orders (issue 4). The bytes live in object storage (S3 or a local folder)
-- under a key the server makes, org/<org_id>/wo/<work_order_id>/<id>; the row holds what the API
-- shows and the state of the worker's job, so that work survives a restart.
CREATE TABLE attachments (
    id                    uuid        PRIMARY KEY,
    org_id                uuid        NOT NULL,
    work_order_id         uuid        NOT NULL,
    storage_key           text        NOT NULL UNIQUE,
    thumbnail_key         text,
    filename              text        NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    description           text        CHECK (length(description) <= 2000),
    declared_content_type text,
    content_type          text,
    size                  bigint      CHECK (size >= 0),
    sha256                text        CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- uploading: the bytes are arriving; pending: stored, waiting for the worker; ready / rejected
    -- (with reason): the worker's verdict; failed: the worker gave up after its retries.
    status                text        NOT NULL DEFAULT 'uploading'
                                      CHECK (status IN ('uploading', 'pending', 'ready', 'rejected', 'failed')),
    reason                text,
    uploaded_by           uuid        NOT NULL,
    attempts              integer     NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz,
    -- A worker holds a pending row until this time; a row whose lease ran out is taken again.
    lease_until           timestamptz,
    last_error            text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    deleted_at            timestamptz,
    -- Soft-deleted rows keep their object until the worker's sweep removes it.
    object_removed_at     timestamptz,
    CONSTRAINT attachments_work_order_fk FOREIGN KEY (org_id, work_order_id) REFERENCES work_orders (org_id, id),
    CONSTRAINT attachments_uploader_fk FOREIGN KEY (org_id, uploaded_by) REFERENCES users (org_id, id)
);
CREATE INDEX attachments_work_order_idx ON attachments (org_id, work_order_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX attachments_due_idx ON attachments (next_attempt_at) WHERE status = 'pending' AND deleted_at IS NULL;
CREATE INDEX attachments_stale_upload_idx ON attachments (created_at) WHERE status = 'uploading';
CREATE INDEX attachments_removal_idx ON attachments (deleted_at) WHERE deleted_at IS NOT NULL AND object_removed_at IS NULL;

-- Jobs the worker gave up on; an admin lists them and sends one back to the worker.
CREATE TABLE attachment_dead_letters (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        uuid        NOT NULL,
    attachment_id uuid        NOT NULL REFERENCES attachments (id),
    attempts      integer     NOT NULL,
    last_error    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    retried_at    timestamptz
);
CREATE INDEX attachment_dead_letters_open_idx ON attachment_dead_letters (org_id, created_at, id) WHERE retried_at IS NULL;
