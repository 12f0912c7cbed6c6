-- Attachments of requests (issue 20), and the request's attachments linked to the work order it
-- becomes: a linked row is a second row over the same stored object (same storage_key and
-- thumbnail), linked_from naming the row it was linked from. Each side lists, reads and deletes
-- its own row; an object is removed only once no live row refers to it any more (the worker's
-- sweep asks, AttachmentQueueRepository.SWEEP).

-- A request's site: its asset's, else its location's (null with neither). One definition for every
-- statement that limits requests to a caller's sites (requests, their attachments, approval).
CREATE FUNCTION request_site(org uuid, asset uuid, location uuid) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN coalesce((SELECT a.site_id FROM assets a WHERE a.org_id = org AND a.id = asset),
                    (SELECT l.site_id FROM locations l WHERE l.org_id = org AND l.id = location));

ALTER TABLE attachments ALTER COLUMN work_order_id DROP NOT NULL;
ALTER TABLE attachments ADD COLUMN request_id uuid;
ALTER TABLE attachments ADD COLUMN linked_from uuid REFERENCES attachments (id);
ALTER TABLE attachments ADD CONSTRAINT attachments_request_fk
    FOREIGN KEY (org_id, request_id) REFERENCES requests (org_id, id);
ALTER TABLE attachments ADD CONSTRAINT attachments_one_parent
    CHECK ((work_order_id IS NULL) <> (request_id IS NULL));
-- Linked rows share their object's key.
ALTER TABLE attachments DROP CONSTRAINT attachments_storage_key_key;
CREATE INDEX attachments_storage_key_idx ON attachments (storage_key);
CREATE INDEX attachments_request_idx ON attachments (org_id, request_id, created_at, id)
    WHERE deleted_at IS NULL AND request_id IS NOT NULL;
CREATE INDEX attachments_linked_from_idx ON attachments (linked_from) WHERE linked_from IS NOT NULL;
