-- pm_schedule.generated: the generator appends it to the work order outbox, in the transaction that
-- marks an occurrence generated (once: only a row still due is marked), about the work order made.
ALTER TABLE work_order_events DROP CONSTRAINT work_order_events_type_check;
ALTER TABLE work_order_events ADD CONSTRAINT work_order_events_type_check
    CHECK (type IN ('created', 'updated', 'status_changed', 'assigned', 'commented', 'attachment_added',
                    'deleted', 'overdue', 'pm_schedule_generated'));
