-- An after_completion schedule learns that its work order is done from the work order events on
-- the event bus. An event lost on the way (an instance stopped between publishing it and handling
-- it) would leave the schedule waiting for ever, so the generator also asks, now and then, about
-- the work orders schedules wait for (PmCompletions.reconcile): awaiting_checked_at is when it last
-- asked (by the generator's clock), null when it has not yet.
ALTER TABLE pm_schedules ADD COLUMN awaiting_checked_at timestamptz;
CREATE INDEX pm_schedules_awaiting_checked_idx ON pm_schedules (awaiting_checked_at NULLS FIRST)
    WHERE awaiting_work_order_id IS NOT NULL AND deleted_at IS NULL;
