-- Bulk imports of candidate rows from CSV and Excel files: what a file's preview showed
-- (held until HR commits it or it expires after a day) and, once committed, which
-- application each row became. Committing clears the candidates' details from the
-- preview; the applications hold them.
-- Keep in step with migrations/postgres/0021_imports.sql.

CREATE TABLE imports (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    job_id        TEXT NOT NULL REFERENCES jobs(id),
    created_by    TEXT NOT NULL REFERENCES users(id),
    file_name     TEXT NOT NULL,
    preview       TEXT NOT NULL,
    result        TEXT,
    created_at    INTEGER NOT NULL,
    committed_at  INTEGER
);
CREATE INDEX imports_org_job ON imports (org_id, job_id, created_at);
CREATE INDEX imports_pending ON imports (committed_at, created_at);
