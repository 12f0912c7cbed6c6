-- Transactional outbox of work order events (issue 5). Each change of a work order writes its
-- event rows in the same transaction as the change, so an event exists if and only if the change
-- committed. The rows are also the event log: they are kept after publication (published_at set)
-- so that an admin can replay them.
CREATE TABLE work_order_events (
    -- The order in which the relay publishes: per work order it is the order of the changes,
    -- because each change locks the work order row (or creates it) before appending.
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The CloudEvents id; a replayed copy carries the id of the event it replays.
    event_id      uuid        NOT NULL DEFAULT gen_random_uuid(),
    org_id        uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    -- attachment_added is reserved for the attachments issue (written by its repository).
    type          text        NOT NULL CHECK (type IN ('created', 'updated', 'status_changed', 'assigned',
                                                       'commented', 'attachment_added', 'deleted', 'overdue')),
    actor_id      uuid,
    data          jsonb       NOT NULL,
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    -- Set when this row is a replay: the row it copies (replays are never replayed again).
    replay_of     bigint      REFERENCES work_order_events (id),
    published_at  timestamptz,
    CONSTRAINT work_order_events_work_order_fk FOREIGN KEY (org_id, work_order_id) REFERENCES work_orders (org_id, id)
);
CREATE UNIQUE INDEX work_order_events_event_id_key ON work_order_events (event_id) WHERE replay_of IS NULL;
-- The relay's queue: only unpublished rows, in id order.
CREATE INDEX work_order_events_unpublished_idx ON work_order_events (id) WHERE published_at IS NULL;
-- Replay by work order or by time range, within an organization.
CREATE INDEX work_order_events_work_order_idx ON work_order_events (org_id, work_order_id, id);
CREATE INDEX work_order_events_occurred_idx ON work_order_events (org_id, occurred_at, id);

-- One overdue event per work order and due date: the periodic check inserts here first, and a
-- conflict means the event was already written (by this or another instance).
CREATE TABLE work_order_overdue_notices (
    work_order_id uuid        NOT NULL,
    due_at        timestamptz NOT NULL,
    noticed_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (work_order_id, due_at)
);
-- The periodic check looks only at open work orders with a due date in the past.
CREATE INDEX work_orders_overdue_idx ON work_orders (due_at)
    WHERE deleted_at IS NULL AND due_at IS NOT NULL AND status NOT IN ('completed', 'cancelled');

-- The relay lease: one service instance at a time publishes, in id order, so that several
-- instances never publish an event twice or out of order. A holder renews it with each batch;
-- another instance takes over only after it expires. epoch fences a holder that lost it.
CREATE TABLE event_relay_lease (
    name       text        PRIMARY KEY,
    holder     text,
    epoch      bigint      NOT NULL DEFAULT 0,
    expires_at timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO event_relay_lease (name) VALUES ('work-orders');
