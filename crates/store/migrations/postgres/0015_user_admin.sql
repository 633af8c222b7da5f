-- An admin can disable an account: it signs in no more, its sessions end and its API
-- tokens stop working, while what it did stays attributed to it.
-- Keep in step with migrations/sqlite/0015_user_admin.sql.

ALTER TABLE users ADD COLUMN disabled_at BIGINT;
