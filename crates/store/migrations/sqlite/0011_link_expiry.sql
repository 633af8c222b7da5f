-- An interview link expires: a candidate who has not started by then finds it no longer
-- valid. Each job says how many days its links last (NULL: 14); a new link starts the
-- count again. Applications created before this have no expiry.
-- Keep in step with migrations/postgres/0011_link_expiry.sql.

ALTER TABLE jobs ADD COLUMN invite_valid_days INTEGER;
ALTER TABLE applications ADD COLUMN link_expires_at INTEGER;
