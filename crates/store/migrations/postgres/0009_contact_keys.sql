-- One person applies to a job once: an application keeps the match keys of its
-- candidate's email and phone (lower-cased address; digits without +86), and a second
-- application to the same job with either key is refused. Applications created before
-- this have no keys and are not checked.
-- Keep in step with migrations/sqlite/0009_contact_keys.sql.

ALTER TABLE applications ADD COLUMN email_key TEXT;
ALTER TABLE applications ADD COLUMN phone_key TEXT;
CREATE UNIQUE INDEX applications_job_email_key ON applications (org_id, job_id, email_key)
    WHERE email_key IS NOT NULL;
CREATE UNIQUE INDEX applications_job_phone_key ON applications (org_id, job_id, phone_key)
    WHERE phone_key IS NOT NULL;
