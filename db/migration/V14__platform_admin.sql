-- The platform operator's role, distinct from each tenant's admin: it may create organizations.
-- Held by the bootstrap admin (the first admin of the default organization) and by the users an
-- operator grants it.
ALTER TABLE users ADD COLUMN platform_admin boolean NOT NULL DEFAULT false;

UPDATE users SET platform_admin = true
 WHERE id = (SELECT id FROM users
              WHERE org_id = '00000000-0000-0000-0000-000000000001' AND role = 'admin'
              ORDER BY created_at, id LIMIT 1);
