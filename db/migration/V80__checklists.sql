-- Checklists (issue 20; docs/domain.md, "Checklists"): templates, a work order's own copy of a
-- template's items with their answers, and follow-up work orders opened by a failed item.

-- A template's items are one JSON array, written whole and checked by ChecklistRules before it is
-- stored (keys, types, ranges): a template is read and written as one document, and a work order
-- copies all of its items at once (below). min and max are decimal strings, so the copy casts them
-- to numeric exactly.
CREATE TABLE checklist_templates (
    id         uuid        PRIMARY KEY DEFAULT uuid_v7(),
    org_id     uuid        NOT NULL REFERENCES organizations (id),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    items      jsonb       NOT NULL CHECK (jsonb_typeof(items) = 'array'
                                           AND jsonb_array_length(items) BETWEEN 1 AND 200),
    created_by uuid,
    version    integer     NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT checklist_templates_org_id_id_key UNIQUE (org_id, id)
);
CREATE INDEX checklist_templates_name_idx ON checklist_templates (org_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX checklist_templates_created_idx ON checklist_templates (org_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX checklist_templates_updated_idx ON checklist_templates (org_id, updated_at, id) WHERE deleted_at IS NULL;

ALTER TABLE checklist_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE checklist_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON checklist_templates TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON checklist_templates TO wrench_system USING (true) WITH CHECK (true);

-- The work order's new fields: the template it was created from (read-only afterwards), and for a
-- follow-up, the work order and the item whose failure opened it. The unique index is what makes a
-- failed item open exactly one follow-up, however often or concurrently it is answered.
ALTER TABLE work_orders ADD COLUMN checklist_template_id uuid;
ALTER TABLE work_orders ADD COLUMN follow_up_of uuid;
ALTER TABLE work_orders ADD COLUMN source_item_key text;
ALTER TABLE work_orders ADD CONSTRAINT work_orders_checklist_template_fk
    FOREIGN KEY (org_id, checklist_template_id) REFERENCES checklist_templates (org_id, id);
ALTER TABLE work_orders ADD CONSTRAINT work_orders_follow_up_fk
    FOREIGN KEY (org_id, follow_up_of) REFERENCES work_orders (org_id, id);
ALTER TABLE work_orders ADD CONSTRAINT work_orders_follow_up_with_item
    CHECK ((follow_up_of IS NULL) = (source_item_key IS NULL));
CREATE UNIQUE INDEX work_orders_follow_up_key ON work_orders (org_id, follow_up_of, source_item_key)
    WHERE follow_up_of IS NOT NULL;

ALTER TABLE pm_schedules ADD CONSTRAINT pm_schedules_checklist_template_fk
    FOREIGN KEY (org_id, checklist_template_id) REFERENCES checklist_templates (org_id, id);

-- A work order's own copy of its template's items, and their answers. The answer is typed by its
-- item: value_number (number, meter_reading: numeric, never floating point), value_boolean
-- (checkbox, pass_fail) or value_text (text, signature, and the attachment id of a photo).
CREATE TABLE work_order_checklist_items (
    org_id        uuid        NOT NULL,
    work_order_id uuid        NOT NULL,
    key           text        NOT NULL,
    position      integer     NOT NULL,
    label         text        NOT NULL,
    type          text        NOT NULL CHECK (type IN ('checkbox', 'number', 'text', 'pass_fail',
                                                       'meter_reading', 'photo', 'signature')),
    required      boolean     NOT NULL DEFAULT false,
    min           numeric,
    max           numeric,
    unit          text,
    meter_id      uuid,
    on_fail       text        NOT NULL DEFAULT 'none' CHECK (on_fail IN ('none', 'create_work_order')),
    value_number  numeric,
    value_boolean boolean,
    value_text    text,
    result        text        CHECK (result IN ('pass', 'fail')),
    done_by       uuid,
    done_at       timestamptz,
    version       integer     NOT NULL DEFAULT 1,
    CONSTRAINT work_order_checklist_items_pkey PRIMARY KEY (work_order_id, key),
    CONSTRAINT work_order_checklist_items_work_order_fk
        FOREIGN KEY (org_id, work_order_id) REFERENCES work_orders (org_id, id)
);

ALTER TABLE work_order_checklist_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE work_order_checklist_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON work_order_checklist_items TO wrench_app
    USING (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid)
    WITH CHECK (org_id = nullif(current_setting('wrench.org_id', true), '')::uuid);
CREATE POLICY system_access ON work_order_checklist_items TO wrench_system USING (true) WITH CHECK (true);

-- The copy, in the statement that inserts the work order, whoever inserts it (the HTTP create, the
-- single and the batched generation, a follow-up): atomic with the create without any of them
-- knowing about checklists. A template of another organization fails the foreign key; a deleted
-- one fails here the same way (422 pointing at /checklist_template_id). A generated work order
-- copies its schedule's template even when it was deleted after the schedule named it: generation
-- must not stall on a template that the schedule still names.
CREATE FUNCTION work_orders_copy_checklist() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO work_order_checklist_items (org_id, work_order_id, key, position, label, type,
                                            required, min, max, unit, meter_id, on_fail)
    SELECT NEW.org_id, NEW.id, e.item ->> 'key', e.n::integer, e.item ->> 'label', e.item ->> 'type',
           coalesce((e.item ->> 'required')::boolean, false), (e.item ->> 'min')::numeric,
           (e.item ->> 'max')::numeric, e.item ->> 'unit', (e.item ->> 'meter_id')::uuid,
           coalesce(e.item ->> 'on_fail', 'none')
    FROM checklist_templates t
    CROSS JOIN LATERAL jsonb_array_elements(t.items) WITH ORDINALITY AS e(item, n)
    WHERE t.org_id = NEW.org_id AND t.id = NEW.checklist_template_id
      AND (t.deleted_at IS NULL OR NEW.pm_schedule_id IS NOT NULL);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'work_orders_checklist_template_fk refers to a deleted row'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'work_orders_checklist_template_fk';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER work_orders_copy_checklist
    AFTER INSERT ON work_orders
    FOR EACH ROW WHEN (NEW.checklist_template_id IS NOT NULL)
    EXECUTE FUNCTION work_orders_copy_checklist();
