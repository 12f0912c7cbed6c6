-- The periodic overdue check (OutboxRepository.OVERDUE) walked every open work order past its
-- due date and skipped, one anti-join at a time, those already noticed: an overdue backlog only
-- grows, so each run read more. At 1,000,000 work orders with 47,000 of them overdue it took
-- 1.3 s of PostgreSQL time every minute. The due date an overdue event was written for is now
-- kept on the work order, and the check's index holds only the rows still to notice.
ALTER TABLE work_orders ADD COLUMN overdue_noticed_due_at timestamptz;

UPDATE work_orders w SET overdue_noticed_due_at = n.due_at
FROM work_order_overdue_notices n
WHERE n.work_order_id = w.id AND n.due_at = w.due_at;

DROP INDEX work_orders_overdue_idx;
CREATE INDEX work_orders_overdue_idx ON work_orders (due_at)
    WHERE deleted_at IS NULL AND due_at IS NOT NULL AND status NOT IN ('completed', 'cancelled')
      AND overdue_noticed_due_at IS DISTINCT FROM due_at;
