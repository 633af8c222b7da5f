-- Resume intake: the resume behind an application (its text with ID numbers redacted, the
-- fields read from it and HR's corrections), each job's screening rule and public apply
-- page switch, the screening verdict kept on the application, and where it came from.
-- Contact-key indexes across the organisation find the same person applying to another job.
-- Keep in step with migrations/postgres/0020_intake.sql.

CREATE TABLE resumes (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    application_id  TEXT NOT NULL UNIQUE REFERENCES applications(id),
    file_name       TEXT NOT NULL,
    format          TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    text            TEXT NOT NULL,
    parsed          TEXT NOT NULL,
    corrections     TEXT NOT NULL DEFAULT '{}',
    created_at      INTEGER NOT NULL
);
CREATE INDEX resumes_org ON resumes (org_id, created_at);

ALTER TABLE jobs ADD COLUMN screening_rule TEXT;
ALTER TABLE jobs ADD COLUMN apply_open INTEGER NOT NULL DEFAULT 0;

ALTER TABLE applications ADD COLUMN source TEXT NOT NULL DEFAULT 'invitation';
ALTER TABLE applications ADD COLUMN screening TEXT;
ALTER TABLE applications ADD COLUMN screened_at INTEGER;

CREATE INDEX applications_org_email_key ON applications (org_id, email_key);
CREATE INDEX applications_org_phone_key ON applications (org_id, phone_key);
