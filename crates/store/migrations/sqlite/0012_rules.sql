-- Pipeline rules and what they cause. A job's rules are a JSON list (NULL: none).
-- `rule_runs` records each run by a key that makes it happen once: the first report of an
-- application, its finished interview, or one stay in a stage that timed out. A rule never
-- rejects: `reviews` holds its proposals until a person confirms or overrides them (at
-- most one pending per application). `outbox` holds the messages rules queue; delivering
-- them is the messaging worker's.
-- Keep in step with migrations/postgres/0012_rules.sql.

ALTER TABLE jobs ADD COLUMN pipeline_rules TEXT;

CREATE TABLE rule_runs (
    run_key        TEXT PRIMARY KEY,
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    application_id TEXT NOT NULL REFERENCES applications(id),
    trigger_kind   TEXT NOT NULL,
    outcome        TEXT NOT NULL,          -- JSON: what each rule did and why
    created_at     INTEGER NOT NULL
);
CREATE INDEX rule_runs_application ON rule_runs (org_id, application_id, created_at);

CREATE TABLE reviews (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    application_id  TEXT NOT NULL REFERENCES applications(id),
    rule_name       TEXT,
    rule_condition  TEXT NOT NULL,
    stage           TEXT NOT NULL,         -- where the application stood when proposed
    facts           TEXT NOT NULL,         -- JSON: the figures the rule decided on
    status          TEXT NOT NULL,         -- pending, confirmed, overridden
    decided_by      TEXT REFERENCES users(id),
    decided_at      INTEGER,
    decision_note   TEXT,
    created_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX reviews_one_pending ON reviews (application_id) WHERE status = 'pending';
CREATE INDEX reviews_org_status ON reviews (org_id, status, created_at);

CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    application_id  TEXT REFERENCES applications(id),
    recipient       TEXT NOT NULL,         -- e.g. role:hr
    template        TEXT NOT NULL,         -- e.g. rule_notice
    payload         TEXT NOT NULL,         -- JSON, ids and figures only
    status          TEXT NOT NULL,         -- queued
    created_at      INTEGER NOT NULL
);
CREATE INDEX outbox_application ON outbox (org_id, application_id, created_at);
CREATE INDEX outbox_status ON outbox (status, created_at);
