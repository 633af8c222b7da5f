-- Second-round scorecards: one per interviewer per application per stage, replaced when
-- the interviewer edits it. `ratings` is JSON {dimension: {level, evidence}}.
-- Keep in step with migrations/sqlite/0014_scorecards.sql.

CREATE TABLE scorecards (
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    application_id  TEXT NOT NULL REFERENCES applications(id),
    rater_id        TEXT NOT NULL REFERENCES users(id),
    stage           TEXT NOT NULL,
    ratings         TEXT NOT NULL,
    recommendation  TEXT NOT NULL,
    summary         TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (application_id, rater_id, stage)
);
