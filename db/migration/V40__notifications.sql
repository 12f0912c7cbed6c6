-- Notifications of work order events (issue 5): webhook subscriptions, the delivery jobs the
-- notification worker expands each event into, the log of delivery attempts and the dead letters.

-- Webhook subscriptions of an organization. The secret signs deliveries (HMAC-SHA256), so it is
-- kept as is, not hashed; it is shown to the API caller on creation and rotation only. After a
-- rotation the previous secret keeps signing (a second signature) until previous_secret_expires_at.
CREATE TABLE webhook_subscriptions (
    id                         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id                     uuid        NOT NULL REFERENCES organizations (id),
    url                        text        NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
    event_types                text[]      NOT NULL,
    description                text        CHECK (length(description) <= 500),
    secret                     text        NOT NULL,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    version                    integer     NOT NULL DEFAULT 1,
    created_by                 uuid,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    deleted_at                 timestamptz,
    CONSTRAINT webhook_subscriptions_org_id_id_key UNIQUE (org_id, id)
);
CREATE INDEX webhook_subscriptions_org_idx ON webhook_subscriptions (org_id, created_at, id) WHERE deleted_at IS NULL;

-- One row per (event, channel, target): the processed-event table. An event consumed again (Kafka
-- redelivery, a restarted consumer, a replay with the same event id) finds its rows already there
-- and adds nothing, so nobody gets a second e-mail or webhook for it. The row is also the job's
-- state (retries survive a restart; instances claim due rows with FOR UPDATE SKIP LOCKED).
CREATE TABLE notification_jobs (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id          uuid        NOT NULL,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    work_order_id   uuid,
    channel         text        NOT NULL CHECK (channel IN ('webhook', 'email')),
    -- The subscription id (webhook) or the user id (e-mail).
    target          text        NOT NULL,
    subscription_id uuid        REFERENCES webhook_subscriptions (id),
    user_id         uuid        REFERENCES users (id),
    -- critical: about a critical work order; served by a lane of its own, never behind routine ones.
    lane            text        NOT NULL CHECK (lane IN ('critical', 'routine')),
    event           jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    CONSTRAINT notification_jobs_event_channel_target_key UNIQUE (event_id, channel, target)
);
CREATE INDEX notification_jobs_due_idx ON notification_jobs (lane, next_attempt_at) WHERE status = 'pending';

-- Every delivery attempt, for the delivery log of a subscription and a dead letter's history.
CREATE TABLE notification_attempts (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id          uuid        NOT NULL REFERENCES notification_jobs (id),
    org_id          uuid        NOT NULL,
    subscription_id uuid,
    attempt         integer     NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
    response_status integer,
    error           text,
    duration_ms     integer     NOT NULL,
    attempted_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_attempts_subscription_idx ON notification_attempts (org_id, subscription_id, attempted_at, id);
CREATE INDEX notification_attempts_job_idx ON notification_attempts (job_id, attempt);

-- Jobs that failed their last attempt. published_at: handed to the Kafka topic
-- wrench.notifications.dlq (Kafka mode only); redriven_at: an admin sent the job back.
CREATE TABLE notification_dead_letters (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id       uuid        NOT NULL,
    job_id       uuid        NOT NULL REFERENCES notification_jobs (id),
    reason       text        NOT NULL,
    attempts     integer     NOT NULL,
    history      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    redriven_at  timestamptz
);
CREATE INDEX notification_dead_letters_org_idx ON notification_dead_letters (org_id, created_at, id);
CREATE INDEX notification_dead_letters_open_idx ON notification_dead_letters (created_at) WHERE redriven_at IS NULL;
