-- The event log: what happened (application.created, interview.completed, report.ready,
-- …), written in the same transaction as the state change it reports, so a consumer
-- (rules, messages, webhooks, analytics) reading it in `seq` order misses nothing and
-- never sees an event whose change was rolled back.
-- Keep in step with migrations/postgres/0007_events.sql.

CREATE TABLE events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL UNIQUE,
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    kind          TEXT NOT NULL,
    application_id TEXT,
    payload       TEXT NOT NULL,           -- JSON
    created_at    INTEGER NOT NULL
);

CREATE INDEX events_org_seq ON events (org_id, seq);
