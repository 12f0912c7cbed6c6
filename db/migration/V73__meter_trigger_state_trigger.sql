-- The trigger a meter trigger state was counted for: a schedule whose trigger is changed (another
-- meter, another `every`, a gauge threshold) starts counting anew from the change, instead of
-- going on with multiples or an arming that meant something else.
ALTER TABLE meter_trigger_states ADD COLUMN trigger jsonb;
