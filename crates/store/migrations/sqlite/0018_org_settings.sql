-- Organisation settings: the pipeline and link validity new jobs start with (NULL: the
-- built-in ones), and whether department heads see candidates' contacts.
-- Keep in step with migrations/postgres/0018_org_settings.sql.

ALTER TABLE organisations ADD COLUMN pipeline TEXT;
ALTER TABLE organisations ADD COLUMN invite_valid_days INTEGER;
ALTER TABLE organisations ADD COLUMN dept_heads_see_contacts INTEGER NOT NULL DEFAULT 0;
