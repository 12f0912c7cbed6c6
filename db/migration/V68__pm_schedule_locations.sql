-- A schedule's location_id names a location (V63 brought their table after V67 was written).
ALTER TABLE pm_schedules ADD CONSTRAINT pm_schedules_location_fk
    FOREIGN KEY (org_id, location_id) REFERENCES locations (org_id, id);
