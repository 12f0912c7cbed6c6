-- The work orders list filter on checklist_template_id (issue 20): a partial index, since most work
-- orders have no checklist template. Its own migration: V80 was merged before this filter came.
CREATE INDEX work_orders_checklist_template_idx ON work_orders (org_id, checklist_template_id, created_at DESC, id DESC)
    WHERE checklist_template_id IS NOT NULL;
