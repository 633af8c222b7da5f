-- Human ratings of answers (1–5 per competency) and the scorer calibrations fitted to them.
-- Keep in step with migrations/sqlite/0002_ratings.sql.

CREATE TABLE ratings (
    application_id  TEXT NOT NULL REFERENCES applications(id),
    question_id     TEXT NOT NULL REFERENCES questions(id),
    competency      TEXT NOT NULL,
    rater_id        TEXT NOT NULL REFERENCES users(id),
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    rating          BIGINT NOT NULL,
    note            TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (application_id, question_id, competency, rater_id)
);
CREATE INDEX ratings_org ON ratings(org_id, application_id);

CREATE TABLE calibrations (
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    job_id        TEXT NOT NULL REFERENCES jobs(id),
    version       BIGINT NOT NULL,
    status        TEXT NOT NULL,            -- draft | published | retired
    weights       TEXT NOT NULL,            -- JSON FeatureWeights
    result        TEXT NOT NULL,            -- JSON: samples, agreement before/after
    created_by    TEXT NOT NULL REFERENCES users(id),
    created_at    BIGINT NOT NULL,
    published_at  BIGINT,
    PRIMARY KEY (job_id, version)
);
