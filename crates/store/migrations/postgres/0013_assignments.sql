-- Who beyond the organisation-wide roles may see what: HR assigns an interviewer (or
-- shares with a department head) one application, or a whole job (application_id NULL).
-- An interviewer sees exactly what is assigned; a department head their department and
-- what is shared with them.
-- Keep in step with migrations/sqlite/0013_assignments.sql.

CREATE TABLE assignments (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    user_id         TEXT NOT NULL REFERENCES users(id),
    job_id          TEXT NOT NULL REFERENCES jobs(id),
    application_id  TEXT REFERENCES applications(id),
    assigned_by     TEXT NOT NULL REFERENCES users(id),
    created_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX assignments_once ON assignments (user_id, job_id, COALESCE(application_id, ''));
CREATE INDEX assignments_job ON assignments (org_id, job_id);
