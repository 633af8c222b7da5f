-- A job is open (invitations go out), closed (no new invitations; its candidates go on)
-- or archived (closed and out of the jobs list unless asked for).
-- Keep in step with migrations/postgres/0016_job_status.sql.

ALTER TABLE jobs ADD COLUMN status TEXT NOT NULL DEFAULT 'open';

-- The candidate list across jobs pages by creation time and filters by stage.
CREATE INDEX applications_org_created ON applications (org_id, created_at);
CREATE INDEX applications_org_stage ON applications (org_id, stage);
