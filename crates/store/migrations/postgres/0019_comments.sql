-- Comments on a candidate's application by the people who can see it, with the colleagues
-- they mention (@name) as a JSON array of user ids; each mention queues a message in the
-- outbox in the same transaction.
-- Keep in step with migrations/sqlite/0019_comments.sql.

CREATE TABLE comments (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    application_id  TEXT NOT NULL REFERENCES applications(id),
    author_id       TEXT NOT NULL REFERENCES users(id),
    body            TEXT NOT NULL,
    mentions        TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX comments_application ON comments (org_id, application_id, created_at);
